package org.fengqiao.gateway.jurisdiction.standard;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.fengqiao.gateway.jurisdiction.Division;
import org.fengqiao.gateway.jurisdiction.Gazetteer;

/**
 * Writes a standard address file of any size for a region (a city, county or township code), built on
 * the real division names of the gazetteer: house numbers on roads named after their township,
 * groups (组) of villages, buildings, units and rooms of residential compounds in communities, each
 * with an opaque code, a grid and micro-grid of its village, and a position near the city. The same
 * region, size and seed give the same file.
 *
 * <p>{@code generate-addresses REGION ROWS FILE [--seed N]}; a FILE ending in .tsv is tab-separated.
 */
public final class AddressFileGenerator {

    public static final String NAME = "generate-addresses";
    public static final String HEADER = "code,address,county_code,township_code,village_code,grid_code,"
            + "micro_grid_code,longitude,latitude";

    private static final String[] ROADS = {"解放路", "人民路", "建设路", "中山路", "新华路", "文化路", "环城路",
            "和平路", "湖滨路", "迎宾大道", "工业大道", "友谊路", "振兴路", "育才路", "青年路", "东风路"};
    private static final String[] COMPOUNDS = {"花园", "小区", "公寓", "家园", "苑", "新村", "名邸", "雅苑"};
    private static final String[] COMPOUND_WORDS = {"阳光", "金色", "翠湖", "锦绣", "江南", "枫桥", "东方", "绿城",
            "紫金", "和谐", "幸福", "天成", "凤凰", "春晓"};

    private final Gazetteer gazetteer;
    private final List<Division> villages;

    public AddressFileGenerator(Gazetteer gazetteer, String regionCode) {
        this.gazetteer = gazetteer;
        List<Division> in = new ArrayList<>();
        for (Division v : gazetteer.villages()) if (v.code().startsWith(regionCode)) in.add(v);
        if (in.isEmpty()) throw new IllegalArgumentException("no village of the gazetteer lies in " + regionCode);
        this.villages = List.copyOf(in);
    }

    public static int command(String[] args, PrintStream out, PrintStream err) {
        List<String> plain = new ArrayList<>();
        long seed = 29;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--seed") && i + 1 < args.length) seed = Long.parseLong(args[++i]);
            else plain.add(args[i]);
        }
        if (plain.size() != 3) {
            err.println("usage: java -jar quarkus-run.jar " + NAME + " REGION ROWS FILE [--seed N]");
            err.println("  REGION: a province, city, county or township code of the gazetteer, e.g. 3306 or 330681");
            return 2;
        }
        try {
            long rows = Long.parseLong(plain.get(1).replace("_", ""));
            Path file = Path.of(plain.get(2));
            long started = System.nanoTime();
            new AddressFileGenerator(gazetteerOf(plain.get(0)), plain.get(0)).write(file, rows, seed);
            out.printf(Locale.ROOT, "%,d standard addresses written in %.1f s%n", rows,
                    (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println(NAME + ": " + e.getMessage());
            return 1;
        }
    }

    /** Writes {@code rows} addresses and the header line. */
    public void write(Path file, long rows, long seed) throws IOException {
        boolean tsv = file.getFileName().toString().endsWith(".tsv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(tsv ? HEADER.replace(',', '\t') : HEADER);
            w.write('\n');
            write(w, rows, seed, tsv ? '\t' : ',');
        }
    }

    /** The gazetteer of the province or city a region code lies in, whatever the gateway serves. */
    private static Gazetteer gazetteerOf(String region) {
        if (!region.matches("[0-9]{2}|[0-9]{4,}")) throw new IllegalArgumentException("REGION " + region + " is no code");
        return Gazetteer.forRegion(region.length() == 2 ? region : region.substring(0, 4));
    }

    void write(Writer w, long rows, long seed, char sep) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder line = new StringBuilder(200);
        for (long i = 0; i < rows; i++) {
            // Villages in turn, so that every village of the region has addresses at any size.
            int vi = (int) (i % villages.size());
            long round = i / villages.size();
            Division village = villages.get(vi);
            Division township = gazetteer.township(village.parentCode()).orElseThrow();
            Division county = gazetteer.county(township.parentCode()).orElseThrow();
            String cityName = gazetteer.cityOf(county.code()).orElseThrow().name();
            String provinceName = gazetteer.regionName(county.code().substring(0, 2)).orElse("");
            String place = place(village, round);
            line.setLength(0);
            line.append(String.format(Locale.ROOT, "%016x%08x", mix(seed, i), i)).append(sep)
                    .append(provinceName).append(cityName).append(county.name()).append(township.name()).append(place)
                    .append(sep).append(county.code()).append(sep).append(township.code()).append(sep)
                    .append(village.code()).append(sep)
                    .append(township.code()).append("WG").append(village.code(), 9, 12).append(sep)
                    .append(township.code()).append("WG").append(village.code(), 9, 12)
                    .append(String.format(Locale.ROOT, "%02d", 1 + round % 8)).append(sep)
                    .append(String.format(Locale.ROOT, "%.6f", 120.0 + random.nextDouble() * 1.4)).append(sep)
                    .append(String.format(Locale.ROOT, "%.6f", 29.4 + random.nextDouble() * 0.9)).append('\n');
            w.append(line);
        }
    }

    /** The part below the township: a village's group and house, or a community's road or compound. */
    private static String place(Division village, long round) {
        String name = village.name().replace("村民委员会", "村").replace("村委会", "村")
                .replace("社区居民委员会", "社区").replace("居民委员会", "社区").replace("居委会", "社区");
        // Numbers run on with the round, so that no two rows of a village have the same text.
        long n = round + 1;
        if (name.endsWith("村")) {
            return name + (1 + n % 12) + "组" + (1 + n / 12) + "号";
        }
        if (n % 3 == 0) {
            String road = ROADS[(int) ((village.code().hashCode() & 0x7fffffff) % ROADS.length)];
            return name + road + n + "号";
        }
        String compound = COMPOUND_WORDS[(int) ((village.code().hashCode() >>> 3 & 0x7fffffff) % COMPOUND_WORDS.length)]
                + COMPOUNDS[(int) ((village.code().hashCode() >>> 7 & 0x7fffffff) % COMPOUNDS.length)];
        long building = 1 + n / 60;
        long unit = 1 + (n / 20) % 3;
        long room = 101 + (n % 20) / 4 * 100 + n % 4;
        return name + compound + building + "幢" + unit + "单元" + room + "室";
    }

    private static long mix(long seed, long i) {
        long z = seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
