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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.fengqiao.gateway.jurisdiction.Division.Level;

/**
 * The divisions of Shaoxing (3306) down to villages, the names of regions outside it, and the hand-kept
 * aliases of renamed or merged townships. Immutable once loaded.
 */
public final class Gazetteer {

    public static final String GAZETTEER_RESOURCE = "jurisdiction/gazetteer-3306.tsv";
    public static final String OUTSIDE_REGIONS_RESOURCE = "jurisdiction/outside-regions.tsv";
    public static final String TOWNSHIP_ALIASES_RESOURCE = "jurisdiction/township-aliases.tsv";

    private final Division city;
    private final Map<String, Division> byCode;
    private final List<Division> counties;
    private final List<Division> townships;
    private final List<Division> villages;
    private final Map<String, List<Division>> children;
    private final List<Division> outsideRegions;
    private final Map<String, Division> outsideByCode;
    private final Map<String, String> townshipAliases;

    private Gazetteer(List<Division> divisions, List<Division> outside, Map<String, String> aliases) {
        Division foundCity = null;
        Map<String, Division> codes = new HashMap<>(divisions.size() * 2);
        Map<String, List<Division>> kids = new HashMap<>();
        List<Division> cs = new ArrayList<>();
        List<Division> ts = new ArrayList<>();
        List<Division> vs = new ArrayList<>();
        for (Division d : divisions) {
            if (codes.putIfAbsent(d.code(), d) != null) {
                throw new IllegalStateException("duplicate division code " + d.code());
            }
            switch (d.level()) {
                case CITY -> {
                    if (foundCity != null) throw new IllegalStateException("more than one city in gazetteer");
                    foundCity = d;
                }
                case COUNTY -> cs.add(d);
                case TOWNSHIP -> ts.add(d);
                case VILLAGE -> vs.add(d);
                default -> throw new IllegalStateException("unexpected level in gazetteer: " + d);
            }
        }
        if (foundCity == null) throw new IllegalStateException("gazetteer has no city row");
        for (Division d : divisions) {
            if (d.level() == Level.CITY) continue;
            Division parent = codes.get(d.parentCode());
            if (parent == null || parent.level().ordinal() != d.level().ordinal() - 1) {
                throw new IllegalStateException("division " + d.code() + " has no valid parent " + d.parentCode());
            }
            kids.computeIfAbsent(d.parentCode(), k -> new ArrayList<>()).add(d);
        }
        kids.replaceAll((k, v) -> List.copyOf(v));

        Map<String, Division> outsideCodes = new HashMap<>();
        for (Division d : outside) {
            if (d.code() != null && outsideCodes.putIfAbsent(d.code(), d) != null) {
                throw new IllegalStateException("duplicate outside-region code " + d.code());
            }
        }

        Map<String, String> townshipNames = new HashMap<>();
        for (Division t : ts) townshipNames.put(t.name(), t.code());
        for (Map.Entry<String, String> a : aliases.entrySet()) {
            Division target = codes.get(a.getValue());
            if (target == null || target.level() != Level.TOWNSHIP) {
                throw new IllegalStateException("alias " + a.getKey() + " points to unknown township " + a.getValue());
            }
            if (townshipNames.containsKey(a.getKey())) {
                throw new IllegalStateException("alias " + a.getKey() + " is the name of a current township");
            }
        }

        this.city = foundCity;
        this.byCode = Map.copyOf(codes);
        this.counties = List.copyOf(cs);
        this.townships = List.copyOf(ts);
        this.villages = List.copyOf(vs);
        this.children = Map.copyOf(kids);
        this.outsideRegions = List.copyOf(outside);
        this.outsideByCode = Map.copyOf(outsideCodes);
        this.townshipAliases = Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
    }

    /** The gazetteer from the classpath resources; parsed once per class loader and shared. */
    public static Gazetteer loadDefault() {
        return DefaultHolder.INSTANCE;
    }

    private static final class DefaultHolder {
        static final Gazetteer INSTANCE = load(Gazetteer.class.getClassLoader());
    }

    /** Reads the three resources from the given class loader. */
    public static Gazetteer load(ClassLoader loader) {
        try (Reader g = open(loader, GAZETTEER_RESOURCE);
             Reader o = open(loader, OUTSIDE_REGIONS_RESOURCE);
             Reader a = open(loader, TOWNSHIP_ALIASES_RESOURCE)) {
            return fromReaders(g, o, a);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds a gazetteer from TSV text in the formats of the bundled resources. */
    public static Gazetteer fromReaders(Reader gazetteer, Reader outsideRegions, Reader townshipAliases)
            throws IOException {
        List<Division> divisions = new ArrayList<>(2400);
        forEachRow(gazetteer, 4, f -> divisions.add(new Division(f[1], f[3], f[2], Level.valueOf(f[0]))));
        List<Division> outside = new ArrayList<>(400);
        forEachRow(outsideRegions, 3, f -> {
            Level level = Level.valueOf(f[0]);
            if (level != Level.PROVINCE && level != Level.CITY) {
                throw new IllegalStateException("outside region must be a province or city: " + f[2]);
            }
            String code = f[1].isEmpty() ? null : f[1];
            String parent = level == Level.CITY && code != null && code.length() >= 2 ? code.substring(0, 2) : null;
            outside.add(new Division(code, f[2], parent, level));
        });
        Map<String, String> aliases = new LinkedHashMap<>();
        forEachRow(townshipAliases, 2, f -> {
            if (aliases.put(f[0], f[1]) != null) throw new IllegalStateException("duplicate alias " + f[0]);
        });
        return new Gazetteer(divisions, outside, aliases);
    }

    private static Reader open(ClassLoader loader, String resource) {
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) throw new IllegalStateException("missing classpath resource " + resource);
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private interface RowHandler {
        void accept(String[] fields);
    }

    // Plain tab splitting: this runs at start-up over a few thousand rows.
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

    public String cityCode() {
        return city.code();
    }

    public Division city() {
        return city;
    }

    /** Any division of the city by code. */
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

    /** The counties of the city, in code order. */
    public List<Division> counties() {
        return counties;
    }

    /** All townships of the city, in code order. */
    public List<Division> townships() {
        return townships;
    }

    /** All villages and communities of the city, in code order. */
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

    /** True for the 6-digit code of one of the city's counties. */
    public boolean isInRegion(String sixDigitCountyCode) {
        return county(sixDigitCountyCode).isPresent();
    }

    /**
     * True when a code (6 digits or longer) lies in a known province other than the city's or a known
     * prefecture-level city other than this one. Unknown codes are not called outside: they may just be wrong.
     */
    public boolean isOutsideRegionCode(String code) {
        if (code == null || code.length() < 6) return false;
        for (int i = 0; i < 6; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        if (code.startsWith(city.code())) return false;
        return outsideByCode.containsKey(code.substring(0, 2)) || outsideByCode.containsKey(code.substring(0, 4));
    }

    /** Provinces and prefecture-level cities outside the city, with their full official names. */
    public List<Division> outsideRegions() {
        return outsideRegions;
    }

    /** Former township names mapped to the current township code. */
    public Map<String, String> townshipAliases() {
        return townshipAliases;
    }
}
