package org.fengqiao.gateway.jurisdiction;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.ahocorasick.trie.PayloadEmit;
import org.ahocorasick.trie.PayloadTrie;
import org.fengqiao.gateway.jurisdiction.Division.Level;

/**
 * Decides the township of jurisdiction for a free-text address, an optional county code (xzqh) and an
 * optional standard address code. Immutable and thread-safe; build one per {@link Gazetteer} and share it.
 *
 * <p>It never guesses: when the input points at more than one township it says so and lists the candidates.
 */
public final class JurisdictionResolver {

    public static final double CODE_CONFIDENCE = 1.0;
    public static final double TOWNSHIP_CONFIDENCE = 0.95;
    public static final double VILLAGE_CONFIDENCE = 0.85;

    private static final String[] COMMUNITY_SUFFIXES = {"社区居民委员会", "社区居委会", "居民委员会", "居委会", "社区"};
    private static final String[] VILLAGE_SUFFIXES = {"村民委员会", "村委会"};
    private static final String[] VILLAGE_FORMS = {"村", "村委会", "村民委员会"};
    private static final String[] LEADING_NOISE = {"中国", "中华人民共和国"};
    private static final String[] LEADING_PROVINCE = {"浙江省", "浙江"};

    /** A village with the township it belongs to, resolved once at construction. */
    private record Place(Division village, Division township) {
        String countyCode() {
            return township.parentCode();
        }
    }

    /**
     * What a matched string means; one string may play several roles, and name several counties or
     * townships of the region (城东街道 is a township of five counties of Zhejiang).
     */
    private record Term(boolean outside, String cityCode, List<String> countyCodes, List<String> countiesWithSuffix,
                        List<String> townshipCodes, List<Place> villages) {
    }

    private static final class TermBuilder {
        boolean outside;
        String cityCode;
        final Set<String> countyCodes = new java.util.TreeSet<>();
        final Set<String> countiesWithSuffix = new java.util.TreeSet<>();
        final Set<String> townshipCodes = new java.util.TreeSet<>();
        final Map<String, Place> villages = new TreeMap<>();

        Term build() {
            return new Term(outside, cityCode, List.copyOf(countyCodes), List.copyOf(countiesWithSuffix),
                    List.copyOf(townshipCodes), List.copyOf(villages.values()));
        }
    }

    private final Gazetteer gazetteer;
    private final PayloadTrie<Term> trie;

    public JurisdictionResolver(Gazetteer gazetteer) {
        this.gazetteer = Objects.requireNonNull(gazetteer, "gazetteer");
        Map<String, TermBuilder> terms = new HashMap<>();

        for (Division region : gazetteer.outsideRegions()) {
            term(terms, region.name()).outside = true;
        }
        for (Division city : gazetteer.cities()) {
            term(terms, city.name()).cityCode = city.code();
            String cityShort = withoutSuffix(city.name());
            if (cityShort != null) term(terms, cityShort).cityCode = city.code();
        }

        for (Division county : gazetteer.counties()) {
            addCounty(terms, county.name(), county.code(), true);
            String shortName = withoutSuffix(county.name());
            if (shortName != null) addCounty(terms, shortName, county.code(), false);
        }
        for (Division township : gazetteer.townships()) {
            addTownship(terms, township.name(), township.code());
            // Offices of a 街道 are commonly named instead of the 街道 itself.
            if (township.name().endsWith("街道")) addTownship(terms, township.name() + "办事处", township.code());
        }
        gazetteer.townshipAliases().forEach((alias, code) -> addTownship(terms, alias, code));

        for (Division village : gazetteer.villages()) {
            Division township = gazetteer.township(village.parentCode()).orElseThrow();
            Place place = new Place(village, township);
            for (String form : villageForms(village.name())) {
                term(terms, form).villages.put(village.code(), place);
            }
        }

        PayloadTrie.PayloadTrieBuilder<Term> builder = PayloadTrie.builder();
        terms.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> builder.addKeyword(e.getKey(), e.getValue().build()));
        this.trie = builder.build();
    }

    public Gazetteer gazetteer() {
        return gazetteer;
    }

    private static TermBuilder term(Map<String, TermBuilder> terms, String key) {
        return terms.computeIfAbsent(key, k -> new TermBuilder());
    }

    private static void addCounty(Map<String, TermBuilder> terms, String key, String code, boolean withSuffix) {
        TermBuilder t = term(terms, key);
        t.countyCodes.add(code);
        if (withSuffix) t.countiesWithSuffix.add(code);
    }

    private static void addTownship(Map<String, TermBuilder> terms, String key, String code) {
        term(terms, key).townshipCodes.add(code);
    }

    /** 绍兴市 → 绍兴, 越城区 → 越城; null when too short to stand alone. */
    private static String withoutSuffix(String name) {
        if (name.length() < 3) return null;
        char last = name.charAt(name.length() - 1);
        return last == '市' || last == '区' || last == '县' ? name.substring(0, name.length() - 1) : null;
    }

    /**
     * The official name plus the spellings people use for it: a 村委会 is written XX村 or XX村民委员会, a
     * 社区居委会/居委会/居民委员会 is written XX社区 and so on. All committee spellings of one base name are
     * treated as the same name, so they cannot tell two same-named villages apart.
     */
    static Set<String> villageForms(String officialName) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(officialName);
        String base = stripSuffix(officialName, COMMUNITY_SUFFIXES);
        if (base != null) {
            for (String s : COMMUNITY_SUFFIXES) forms.add(base + s);
            return forms;
        }
        base = stripSuffix(officialName, VILLAGE_SUFFIXES);
        if (base != null) {
            for (String s : VILLAGE_FORMS) forms.add(base + s);
            // 王家村村委会 is written 王家村; two-character bases like 新村 are too common in street names.
            if (base.endsWith("村") && base.length() >= 3) forms.add(base);
        }
        return forms;
    }

    private static String stripSuffix(String name, String[] suffixes) {
        for (String s : suffixes) {
            if (name.length() > s.length() && name.endsWith(s)) return name.substring(0, name.length() - s.length());
        }
        return null;
    }

    /**
     * Resolves one address. All arguments may be null or blank.
     *
     * @param address             free text as written by the citizen or clerk
     * @param countyHint          6-digit county code (xzqh) from the source system
     * @param standardAddressCode standard address code whose first 12 or 9 digits are a village or township code
     */
    public Resolution resolve(String address, String countyHint, String standardAddressCode) {
        String code = compactCode(standardAddressCode);
        if (code != null) {
            Resolution byCode = resolveCode(code);
            if (byCode != null) return byCode;
        }

        Division hintCounty = null;
        String hint = compactCode(countyHint);
        if (hint != null && hint.length() == 6 && leadingDigits(hint, 6)) {
            hintCounty = gazetteer.county(hint).orElse(null);
            if (hintCounty == null && gazetteer.isOutsideRegionCode(hint)) return outside();
        }

        String text = normalise(address);
        if (text.isEmpty()) return triage(hintCounty, List.of());

        List<PayloadEmit<Term>> hits = scan(text);
        boolean namesOutside = false;
        boolean namesRegion = false;
        Set<String> citiesNamed = new LinkedHashSet<>(2);
        Set<String> countiesNamed = new LinkedHashSet<>(2);
        Set<String> countiesWithSuffix = new LinkedHashSet<>(2);
        List<List<String>> townshipHits = new ArrayList<>(2);
        List<PayloadEmit<Term>> villageHits = new ArrayList<>(2);
        for (PayloadEmit<Term> hit : hits) {
            Term t = hit.getPayload();
            namesOutside |= t.outside();
            if (t.cityCode() != null) {
                namesRegion = true;
                citiesNamed.add(t.cityCode());
            }
            if (!t.countyCodes().isEmpty()) {
                namesRegion = true;
                countiesNamed.addAll(t.countyCodes());
                countiesWithSuffix.addAll(t.countiesWithSuffix());
            }
            if (!t.townshipCodes().isEmpty()) townshipHits.add(t.townshipCodes());
            if (!t.villages().isEmpty()) villageHits.add(hit);
        }
        // Another province or city named, and nothing of the region: the address is elsewhere.
        if (namesOutside && !namesRegion) return outside();

        String city = citiesNamed.size() == 1 ? citiesNamed.iterator().next() : null;
        Division county = hintCounty != null ? hintCounty : countyFromText(countiesNamed, countiesWithSuffix, city);
        if (county != null) city = county.code().substring(0, 4);

        if (!townshipHits.isEmpty()) return byTownship(county, city, townshipHits, villageHits);
        if (county != null) return byVillageWithin(p -> p.countyCode().equals(county.code()), county, villageHits);
        if (city != null && hasVillageWithin(villageHits, inCity(city))) {
            // Only the city is named: a village whose name is unique in the city still decides.
            return byVillageWithin(inCity(city), null, villageHits);
        }

        // County unknown: same-named villages exist across counties, so list rather than pick.
        Map<String, Candidate> candidates = new TreeMap<>();
        for (PayloadEmit<Term> hit : villageHits) {
            for (Place p : hit.getPayload().villages()) candidates.put(p.village().code(), candidate(p));
        }
        return triage(null, List.copyOf(candidates.values()));
    }

    private Resolution resolveCode(String code) {
        if (code.length() >= 12 && leadingDigits(code, 12)) {
            Division village = gazetteer.village(code.substring(0, 12)).orElse(null);
            if (village != null) {
                Division township = gazetteer.township(village.parentCode()).orElseThrow();
                return resolved(township, village, ResolutionMethod.STANDARD_ADDRESS_CODE, CODE_CONFIDENCE);
            }
        }
        if (code.length() >= 9 && leadingDigits(code, 9)) {
            Division township = gazetteer.township(code.substring(0, 9)).orElse(null);
            if (township != null) {
                return resolved(township, null, ResolutionMethod.STANDARD_ADDRESS_CODE, CODE_CONFIDENCE);
            }
        }
        return gazetteer.isOutsideRegionCode(code) ? outside() : null;
    }

    /**
     * One or more township names in the text. A name several townships of the region share is narrowed
     * to the county, or else the city, the text or source names; what remains is the answer only when it is one.
     */
    private Resolution byTownship(Division county, String city, List<List<String>> townshipHits,
                                  List<PayloadEmit<Term>> villageHits) {
        Set<String> codes = new java.util.TreeSet<>();
        for (List<String> hit : townshipHits) {
            List<String> narrowed = hit;
            if (hit.size() > 1) {
                List<String> inCounty = county == null ? List.of()
                        : hit.stream().filter(c -> c.startsWith(county.code())).toList();
                List<String> inCity = city == null ? List.of() : hit.stream().filter(c -> c.startsWith(city)).toList();
                narrowed = !inCounty.isEmpty() ? inCounty : !inCity.isEmpty() ? inCity : hit;
            }
            codes.addAll(narrowed);
        }
        List<Division> townships = new ArrayList<>(codes.size());
        for (String code : codes) townships.add(gazetteer.township(code).orElseThrow());
        if (townships.size() == 1) {
            Division township = townships.get(0);
            if (county == null || county.code().equals(township.parentCode())) {
                return resolved(township, villageWithin(township, villageHits), ResolutionMethod.TOWNSHIP_NAME,
                        TOWNSHIP_CONFIDENCE);
            }
            // The township contradicts the county: leave the decision to the county's triage.
            return triage(county, List.of(candidate(township)));
        }
        List<Candidate> candidates = new ArrayList<>(townships.size());
        String commonCounty = townships.get(0).parentCode();
        for (Division t : townships) {
            candidates.add(candidate(t));
            if (!t.parentCode().equals(commonCounty)) commonCounty = null;
        }
        Division triageCounty = county != null ? county
                : commonCounty != null ? gazetteer.county(commonCounty).orElse(null) : null;
        return triage(triageCounty, candidates);
    }

    /** The one village of the township named in the text, or null when none or several match. */
    private static Division villageWithin(Division township, List<PayloadEmit<Term>> villageHits) {
        Division found = null;
        for (PayloadEmit<Term> hit : villageHits) {
            for (Place p : hit.getPayload().villages()) {
                if (!p.township().code().equals(township.code())) continue;
                if (found != null && !found.code().equals(p.village().code())) return null;
                found = p.village();
            }
        }
        return found;
    }

    private static java.util.function.Predicate<Place> inCity(String city) {
        return p -> p.countyCode().startsWith(city);
    }

    /**
     * A village or community named within a known county, or within the named city when the county is
     * not known. One village decides; several within one township still give the township; otherwise
     * triage lists them, at the county's desk when they share one.
     */
    private Resolution byVillageWithin(java.util.function.Predicate<Place> within, Division county,
                                       List<PayloadEmit<Term>> villageHits) {
        int longest = 0;
        for (PayloadEmit<Term> hit : villageHits) {
            if (hit.size() > longest && hasVillageWithin(List.of(hit), within)) longest = hit.size();
        }
        if (longest == 0) return triage(county, List.of());
        Map<String, Place> places = new TreeMap<>();
        for (PayloadEmit<Term> hit : villageHits) {
            if (hit.size() != longest) continue;
            for (Place p : hit.getPayload().villages()) {
                if (within.test(p)) places.put(p.village().code(), p);
            }
        }
        if (places.size() == 1) {
            Place p = places.values().iterator().next();
            return resolved(p.township(), p.village(), ResolutionMethod.VILLAGE_NAME, VILLAGE_CONFIDENCE);
        }
        Division township = null;
        String commonCounty = null;
        boolean first = true;
        for (Place p : places.values()) {
            if (first) {
                township = p.township();
                commonCounty = p.countyCode();
                first = false;
                continue;
            }
            if (township != null && !township.code().equals(p.township().code())) township = null;
            if (commonCounty != null && !commonCounty.equals(p.countyCode())) commonCounty = null;
        }
        // Same name twice but within one township: the township is still certain, the village is not.
        if (township != null) return resolved(township, null, ResolutionMethod.VILLAGE_NAME, VILLAGE_CONFIDENCE);
        List<Candidate> candidates = new ArrayList<>(places.size());
        for (Place p : places.values()) candidates.add(candidate(p));
        Division triageCounty = county != null ? county
                : commonCounty != null ? gazetteer.county(commonCounty).orElse(null) : null;
        return triage(triageCounty, candidates);
    }

    private static boolean hasVillageWithin(List<PayloadEmit<Term>> hits, java.util.function.Predicate<Place> within) {
        for (PayloadEmit<Term> hit : hits) {
            for (Place p : hit.getPayload().villages()) {
                if (within.test(p)) return true;
            }
        }
        return false;
    }

    /** The one county named (or the one named with its suffix), among the named city's when a city is named. */
    private Division countyFromText(Set<String> named, Set<String> withSuffix, String city) {
        if (city != null) {
            Set<String> namedInCity = new LinkedHashSet<>();
            for (String c : named) if (c.startsWith(city)) namedInCity.add(c);
            if (!namedInCity.isEmpty()) {
                named = namedInCity;
                Set<String> suffixedInCity = new LinkedHashSet<>();
                for (String c : withSuffix) if (c.startsWith(city)) suffixedInCity.add(c);
                withSuffix = suffixedInCity;
            }
        }
        String code = named.size() == 1 ? named.iterator().next()
                : withSuffix.size() == 1 ? withSuffix.iterator().next() : null;
        return code == null ? null : gazetteer.county(code).orElse(null);
    }

    /** All matches, then longest first so that a name inside a longer name does not count on its own. */
    private List<PayloadEmit<Term>> scan(String text) {
        List<PayloadEmit<Term>> all = new ArrayList<>(8);
        trie.parseText(text, emit -> all.add(emit));
        if (all.size() <= 1) return all;
        all.sort((a, b) -> a.size() != b.size() ? Integer.compare(b.size(), a.size())
                : Integer.compare(a.getStart(), b.getStart()));
        List<PayloadEmit<Term>> kept = new ArrayList<>(all.size());
        for (PayloadEmit<Term> hit : all) {
            boolean overlaps = false;
            for (PayloadEmit<Term> k : kept) {
                if (hit.getStart() <= k.getEnd() && k.getStart() <= hit.getEnd()) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) kept.add(hit);
        }
        kept.sort(Comparator.comparingInt(PayloadEmit::getStart));
        return kept;
    }

    /**
     * NFKC (full-width digits, letters and spaces become ASCII), no whitespace or invisible format
     * characters, and no leading country or 浙江 province, which carry nothing for the decision.
     */
    public static String normalise(String address) {
        if (address == null || address.isEmpty()) return "";
        String n = Normalizer.normalize(address, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT) {
                continue;
            }
            sb.append(c);
        }
        int start = skipPrefix(sb, 0, LEADING_NOISE);
        start = skipPrefix(sb, start, LEADING_PROVINCE);
        return sb.substring(start);
    }

    private static int skipPrefix(CharSequence s, int from, String[] prefixes) {
        for (String p : prefixes) {
            if (s.length() - from >= p.length() && s.subSequence(from, from + p.length()).toString().equals(p)) {
                return from + p.length();
            }
        }
        return from;
    }

    private static String compactCode(String code) {
        if (code == null) return null;
        String c = Normalizer.normalize(code, Normalizer.Form.NFKC).strip();
        return c.isEmpty() ? null : c;
    }

    private static boolean leadingDigits(String s, int count) {
        for (int i = 0; i < count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private Resolution resolved(Division township, Division village, ResolutionMethod method, double confidence) {
        Division county = gazetteer.county(township.parentCode()).orElseThrow();
        return new Resolution(township.code(), township.name(), county.code(), county.name(),
                village == null ? null : village.code(), village == null ? null : village.name(),
                method, confidence, List.of());
    }

    private static Resolution triage(Division county, List<Candidate> candidates) {
        return county == null
                ? new Resolution(null, null, null, null, null, null, ResolutionMethod.UNRESOLVED, 0.0, candidates)
                : new Resolution(null, null, county.code(), county.name(), null, null,
                        ResolutionMethod.COUNTY_ONLY, 0.0, candidates);
    }

    private static Resolution outside() {
        return new Resolution(null, null, null, null, null, null, ResolutionMethod.OUTSIDE_REGION, 0.0, List.of());
    }

    private static Candidate candidate(Division township) {
        return new Candidate(township.code(), township.name(), Level.TOWNSHIP, township.parentCode(),
                township.code(), township.name());
    }

    private static Candidate candidate(Place p) {
        return new Candidate(p.village().code(), p.village().name(), Level.VILLAGE, p.countyCode(),
                p.township().code(), p.township().name());
    }
}
