package org.fengqiao.gateway.jurisdiction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.fengqiao.gateway.jurisdiction.Division.Level;

/**
 * The divisions of the configured region (one city, several, or a whole province) down to villages,
 * the names of the provinces and cities outside it, and the hand-kept aliases of renamed or merged
 * townships. Immutable once loaded.
 *
 * <p>The region is data, not code: {@code gateway.jurisdiction.region} names a province ({@code 33}) or
 * cities ({@code 3301,3306}); each city's divisions are the generated resource
 * {@code jurisdiction/gazetteer-<city>.tsv}, and only the named cities' files are read.
 */
public final class Gazetteer {

    /** The region of a deployment that says nothing else: 绍兴市. */
    public static final String DEFAULT_REGION = "3306";
    /** The default city's divisions (the benchmarks read its names). */
    public static final String GAZETTEER_RESOURCE = "jurisdiction/gazetteer-3306.tsv";
    public static final String REGIONS_RESOURCE = "jurisdiction/regions.tsv";
    public static final String TOWNSHIP_ALIASES_RESOURCE = "jurisdiction/township-aliases.tsv";

    private final Division area;
    private final List<Division> cities;
    private final Map<String, Division> byCode;
    private final List<Division> counties;
    private final List<Division> townships;
    private final List<Division> villages;
    private final Map<String, List<Division>> children;
    private final List<Division> outsideRegions;
    private final Map<String, Division> outsideByCode;
    private final Map<String, String> regionNames;
    private final Map<String, String> townshipAliases;

    private Gazetteer(String areaCode, List<Division> divisions, List<Division> regions, Map<String, String> aliases) {
        Map<String, Division> codes = new HashMap<>(divisions.size() * 2);
        Map<String, List<Division>> kids = new HashMap<>();
        List<Division> cs = new ArrayList<>();
        List<Division> ts = new ArrayList<>();
        List<Division> vs = new ArrayList<>();
        List<Division> cityRows = new ArrayList<>();
        for (Division d : divisions) {
            if (codes.putIfAbsent(d.code(), d) != null) {
                throw new IllegalStateException("duplicate division code " + d.code());
            }
            switch (d.level()) {
                case CITY -> cityRows.add(d);
                case COUNTY -> cs.add(d);
                case TOWNSHIP -> ts.add(d);
                case VILLAGE -> vs.add(d);
                default -> throw new IllegalStateException("unexpected level in gazetteer: " + d);
            }
        }
        if (cityRows.isEmpty()) throw new IllegalStateException("gazetteer has no city row");
        for (Division d : divisions) {
            if (d.level() == Level.CITY) continue;
            Division parent = codes.get(d.parentCode());
            if (parent == null || parent.level().ordinal() != d.level().ordinal() - 1) {
                throw new IllegalStateException("division " + d.code() + " has no valid parent " + d.parentCode());
            }
            kids.computeIfAbsent(d.parentCode(), k -> new ArrayList<>()).add(d);
        }
        kids.replaceAll((k, v) -> List.copyOf(v));
        cs.sort(Comparator.comparing(Division::code));
        ts.sort(Comparator.comparing(Division::code));
        vs.sort(Comparator.comparing(Division::code));
        cityRows.sort(Comparator.comparing(Division::code));

        Set<String> provincesInside = new HashSet<>();
        for (Division c : cityRows) provincesInside.add(c.code().substring(0, 2));
        Map<String, String> names = new HashMap<>();
        List<Division> outside = new ArrayList<>();
        Map<String, Division> outsideCodes = new HashMap<>();
        for (Division d : regions) {
            if (d.code() != null && names.putIfAbsent(d.code(), d.name()) != null) {
                throw new IllegalStateException("duplicate region code " + d.code());
            }
            boolean inside = d.code() != null && (d.level() == Level.PROVINCE
                    ? provincesInside.contains(d.code()) : codes.containsKey(d.code()));
            if (inside) continue;
            outside.add(d);
            if (d.code() != null) outsideCodes.put(d.code(), d);
        }

        Division top = codes.get(areaCode);
        if (top == null && areaCode != null && areaCode.length() == 2 && provincesInside.equals(Set.of(areaCode))) {
            top = new Division(areaCode, names.getOrDefault(areaCode, areaCode), null, Level.PROVINCE);
        }
        if (top == null && areaCode == null && cityRows.size() == 1) top = cityRows.get(0);
        if (top == null || (top.level() != Level.CITY && top.level() != Level.PROVINCE)) {
            throw new IllegalStateException("the region's area " + areaCode + " is neither one of its cities nor"
                    + " the province of all of them");
        }

        // Aliases of townships in cities this deployment does not serve are not its business.
        Map<String, String> servedAliases = new LinkedHashMap<>();
        Map<String, String> townshipNames = new HashMap<>();
        for (Division t : ts) townshipNames.put(t.name() + "@" + t.code().substring(0, 4), t.code());
        for (Map.Entry<String, String> a : aliases.entrySet()) {
            String target = a.getValue();
            if (target.length() < 4 || !codes.containsKey(target.substring(0, 4))) continue;
            Division township = codes.get(target);
            if (township == null || township.level() != Level.TOWNSHIP) {
                throw new IllegalStateException("alias " + a.getKey() + " points to unknown township " + target);
            }
            if (townshipNames.containsKey(a.getKey() + "@" + target.substring(0, 4))) {
                throw new IllegalStateException("alias " + a.getKey() + " is the name of a current township");
            }
            servedAliases.put(a.getKey(), target);
        }

        this.area = top;
        this.cities = List.copyOf(cityRows);
        this.byCode = Map.copyOf(codes);
        this.counties = List.copyOf(cs);
        this.townships = List.copyOf(ts);
        this.villages = List.copyOf(vs);
        this.children = Map.copyOf(kids);
        this.outsideRegions = List.copyOf(outside);
        this.outsideByCode = Map.copyOf(outsideCodes);
        this.regionNames = Map.copyOf(names);
        this.townshipAliases = Collections.unmodifiableMap(servedAliases);
    }

    /** The default region's gazetteer (绍兴市) from the classpath; parsed once per class loader and shared. */
    public static Gazetteer loadDefault() {
        return forRegion(DEFAULT_REGION);
    }

    private static final Map<String, Gazetteer> BY_REGION = new ConcurrentHashMap<>();

    /**
     * The gazetteer of a region from the classpath, parsed once per region and shared.
     *
     * @param region a province ({@code 33}), a city ({@code 3301}) or cities of one province ({@code 3301,3306})
     * @throws IllegalArgumentException when the region is malformed or names a city without a generated file
     */
    public static Gazetteer forRegion(String region) {
        Region r = Region.parse(region);
        return BY_REGION.computeIfAbsent(r.key(), k -> load(Gazetteer.class.getClassLoader(), r));
    }

    /** The resource that holds one city's divisions. */
    public static String cityResource(String cityCode) {
        return "jurisdiction/gazetteer-" + cityCode + ".tsv";
    }

    /** A configured region: codes of provinces (2 digits) and cities (4 digits). */
    record Region(List<String> codes) {

        static Region parse(String text) {
            if (text == null || text.isBlank()) throw new IllegalArgumentException("no region given");
            Set<String> codes = new TreeSet<>();
            for (String token : text.split("[,\\s]+")) {
                if (token.isEmpty()) continue;
                if (!token.matches("[0-9]{2}|[0-9]{4}")) {
                    throw new IllegalArgumentException("'" + token + "' is neither a province code (2 digits, e.g. 33)"
                            + " nor a city code (4 digits, e.g. 3306)");
                }
                codes.add(token);
            }
            if (codes.isEmpty()) throw new IllegalArgumentException("no region given");
            for (String c : codes) {
                if (c.length() == 4 && codes.contains(c.substring(0, 2))) {
                    throw new IllegalArgumentException("city " + c + " is already in province " + c.substring(0, 2));
                }
            }
            Set<String> provinces = new TreeSet<>();
            for (String c : codes) provinces.add(c.substring(0, 2));
            if (provinces.size() > 1) {
                throw new IllegalArgumentException("the region spans provinces " + provinces
                        + "; one deployment serves cities of one province");
            }
            return new Region(List.copyOf(codes));
        }

        String key() {
            return String.join(",", codes);
        }

        /** The division above everything: the one city named, otherwise the province. */
        String areaCode() {
            return codes.size() == 1 ? codes.get(0) : codes.get(0).substring(0, 2);
        }
    }

    private static Gazetteer load(ClassLoader loader, Region region) {
        try (Reader regions = open(loader, REGIONS_RESOURCE);
             Reader aliases = open(loader, TOWNSHIP_ALIASES_RESOURCE)) {
            List<Division> regionRows = readRegions(regions);
            List<String> cityCodes = new ArrayList<>();
            for (String code : region.codes()) {
                if (code.length() == 4) {
                    cityCodes.add(code);
                    continue;
                }
                int before = cityCodes.size();
                for (Division d : regionRows) {
                    if (d.level() == Level.CITY && d.code() != null && d.code().startsWith(code)) cityCodes.add(d.code());
                }
                if (cityCodes.size() == before) throw new IllegalArgumentException("no province " + code + " is known");
            }
            List<Division> divisions = new ArrayList<>(cityCodes.size() * 3000);
            for (String city : cityCodes) {
                InputStream in = loader.getResourceAsStream(cityResource(city));
                if (in == null) {
                    throw new IllegalArgumentException("no gazetteer for city " + city + " in this build; "
                            + "scripts/generate-gazetteer.mjs " + city.substring(0, 2) + " writes the province's");
                }
                try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    readDivisions(r, divisions);
                }
            }
            return new Gazetteer(region.areaCode(), divisions, regionRows, readAliases(aliases));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Builds a gazetteer of one city from TSV text in the formats of the bundled resources; the regions
     * may list every province and city, the city's own among them.
     */
    public static Gazetteer fromReaders(Reader gazetteer, Reader regions, Reader townshipAliases)
            throws IOException {
        List<Division> divisions = new ArrayList<>(2400);
        readDivisions(gazetteer, divisions);
        return new Gazetteer(null, divisions, readRegions(regions), readAliases(townshipAliases));
    }

    private static void readDivisions(Reader in, List<Division> divisions) throws IOException {
        forEachRow(in, 4, f -> divisions.add(new Division(f[1], f[3], f[2], Level.valueOf(f[0]))));
    }

    private static List<Division> readRegions(Reader in) throws IOException {
        List<Division> regions = new ArrayList<>(400);
        forEachRow(in, 3, f -> {
            Level level = Level.valueOf(f[0]);
            if (level != Level.PROVINCE && level != Level.CITY) {
                throw new IllegalStateException("a region must be a province or city: " + f[2]);
            }
            String code = f[1].isEmpty() ? null : f[1];
            String parent = level == Level.CITY && code != null && code.length() >= 2 ? code.substring(0, 2) : null;
            regions.add(new Division(code, f[2], parent, level));
        });
        return regions;
    }

    private static Map<String, String> readAliases(Reader in) throws IOException {
        Map<String, String> aliases = new LinkedHashMap<>();
        forEachRow(in, 2, f -> {
            if (aliases.put(f[0], f[1]) != null) throw new IllegalStateException("duplicate alias " + f[0]);
        });
        return aliases;
    }

    private static Reader open(ClassLoader loader, String resource) {
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) throw new IllegalStateException("missing classpath resource " + resource);
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private interface RowHandler {
        void accept(String[] fields);
    }

    // Plain tab splitting: this runs at start-up over at most some 30,000 rows (a whole province).
    private static void forEachRow(Reader reader, int minFields, RowHandler handler) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isEmpty() || line.charAt(0) == '#') continue;
            List<String> fields = new ArrayList<>(4);
            int start = 0;
            for (int tab; (tab = line.indexOf('\t', start)) >= 0; start = tab + 1) {
                fields.add(line.substring(start, tab).trim());
            }
            fields.add(line.substring(start).trim());
            if (fields.size() < minFields) {
                throw new IllegalStateException("line " + lineNo + ": expected " + minFields + " fields: " + line);
            }
            try {
                handler.accept(fields.toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("line " + lineNo + ": " + e.getMessage(), e);
            }
        }
    }

    /** The division the deployment serves as a whole: its one city, or the province of its cities. */
    public Division area() {
        return area;
    }

    /** The code of {@link #area()}: 4 digits for a city, 2 for a province. */
    public String areaCode() {
        return area.code();
    }

    /** The cities of the region, in code order. */
    public List<Division> cities() {
        return cities;
    }

    /** The city of the region a county, township or village code (or the city's own) lies in. */
    public Optional<Division> cityOf(String code) {
        return code == null || code.length() < 4 ? Optional.empty() : ofLevel(code.substring(0, 4), Level.CITY);
    }

    /** The name of a province or city of the country by its code ({@code 33} → 浙江省), inside the region or not. */
    public Optional<String> regionName(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(regionNames.get(code));
    }

    /** Any division of the region (city, county, township, village) by code. */
    public Optional<Division> division(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(code));
    }

    public Optional<Division> county(String code) {
        return ofLevel(code, Level.COUNTY);
    }

    public Optional<Division> township(String code) {
        return ofLevel(code, Level.TOWNSHIP);
    }

    public Optional<Division> village(String code) {
        return ofLevel(code, Level.VILLAGE);
    }

    public Optional<String> countyName(String code) {
        return county(code).map(Division::name);
    }

    private Optional<Division> ofLevel(String code, Level level) {
        Division d = code == null ? null : byCode.get(code);
        return d != null && d.level() == level ? Optional.of(d) : Optional.empty();
    }

    /** The counties of the region, in code order. */
    public List<Division> counties() {
        return counties;
    }

    /** All townships of the region, in code order. */
    public List<Division> townships() {
        return townships;
    }

    /** All villages and communities of the region, in code order. */
    public List<Division> villages() {
        return villages;
    }

    /** The townships of a county in code order; empty for an unknown code. */
    public List<Division> townshipsOf(String countyCode) {
        return county(countyCode).isPresent() ? children.getOrDefault(countyCode, List.of()) : List.of();
    }

    /** The villages of a township in code order; empty for an unknown code. */
    public List<Division> villagesOf(String townshipCode) {
        return township(townshipCode).isPresent() ? children.getOrDefault(townshipCode, List.of()) : List.of();
    }

    /** True for the 6-digit code of one of the region's counties. */
    public boolean isInRegion(String sixDigitCountyCode) {
        return county(sixDigitCountyCode).isPresent();
    }

    /**
     * True when a code (6 digits or longer) lies in a known province other than the region's or a known
     * prefecture-level city outside the region. Unknown codes are not called outside: they may just be wrong.
     */
    public boolean isOutsideRegionCode(String code) {
        if (code == null || code.length() < 6) return false;
        for (int i = 0; i < 6; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        if (cityOf(code).isPresent()) return false;
        return outsideByCode.containsKey(code.substring(0, 2)) || outsideByCode.containsKey(code.substring(0, 4));
    }

    /** Provinces and prefecture-level cities outside the region, with their full official names. */
    public List<Division> outsideRegions() {
        return outsideRegions;
    }

    /** Former township names mapped to the current township code. */
    public Map<String, String> townshipAliases() {
        return townshipAliases;
    }
}
