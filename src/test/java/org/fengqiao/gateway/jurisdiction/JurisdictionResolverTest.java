package org.fengqiao.gateway.jurisdiction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.fengqiao.gateway.jurisdiction.Division.Level;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class JurisdictionResolverTest {

    private static final Gazetteer GAZETTEER = Gazetteer.loadDefault();
    private static final JurisdictionResolver RESOLVER = new JurisdictionResolver(GAZETTEER);

    /** One row of addresses.tsv. */
    record Case(int line, String address, String countyHint, String code, ResolutionMethod method,
                String townshipCode, String countyCode, String note) {
        String label() {
            return line + ": " + address + " | " + countyHint + " | " + code + (note == null ? "" : " (" + note + ")");
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = JurisdictionResolverTest.class.getResourceAsStream("/jurisdiction/addresses.tsv")) {
            assertNotNull(in, "addresses.tsv on the test classpath");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int lineNo = 0;
            boolean header = true;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.startsWith("#") || line.isBlank()) continue;
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split("\t", -1);
                assertEquals(7, f.length, "columns in line " + lineNo);
                cases.add(new Case(lineNo, cell(f[0]), cell(f[1]), cell(f[2]), ResolutionMethod.valueOf(f[3]),
                        emptyToNull(f[4]), emptyToNull(f[5]), emptyToNull(f[6])));
            }
        }
        return cases;
    }

    private static String cell(String s) {
        return switch (s) {
            case "<null>" -> null;
            case "<blank>" -> " \t\u3000 ";
            default -> s;
        };
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    @TestFactory
    Stream<DynamicTest> addressTable() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.label(), () -> {
            Resolution r = RESOLVER.resolve(c.address(), c.countyHint(), c.code());
            assertEquals(c.method(), r.method(), () -> "method, got " + r);
            assertEquals(c.townshipCode(), r.townshipCode(), () -> "township, got " + r);
            assertEquals(c.countyCode(), r.countyCode(), () -> "county, got " + r);
            assertEquals(r.townshipCode() != null, r.resolved());
            if (r.townshipCode() != null) {
                assertEquals(GAZETTEER.township(r.townshipCode()).orElseThrow().name(), r.townshipName());
                assertEquals(r.townshipCode().substring(0, 6), r.countyCode());
            }
            if (r.countyCode() != null) {
                assertEquals(GAZETTEER.countyName(r.countyCode()).orElseThrow(), r.countyName());
            }
        }));
    }

    @Test
    void tableIsLargeAndCoversEveryMethod() throws IOException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 70, "table has " + cases.size() + " rows");
        Set<ResolutionMethod> seen = EnumSet.noneOf(ResolutionMethod.class);
        cases.forEach(c -> seen.add(c.method()));
        // The two standard address methods need loaded addresses: StandardAddressImportTest shows them.
        assertEquals(EnumSet.complementOf(EnumSet.of(ResolutionMethod.STANDARD_ADDRESS,
                ResolutionMethod.STANDARD_ADDRESS_TEXT)), seen);
    }

    @Test
    void confidenceFollowsTheMethod() {
        assertEquals(1.0, RESOLVER.resolve(null, null, "330681109290").confidence());
        assertEquals(0.95, RESOLVER.resolve("诸暨市枫桥镇", null, null).confidence());
        assertEquals(0.85, RESOLVER.resolve("诸暨市勤荣村", null, null).confidence());
        assertEquals(0.0, RESOLVER.resolve("诸暨市", null, null).confidence());
        assertEquals(0.0, RESOLVER.resolve("某某路", null, null).confidence());
        assertEquals(0.0, RESOLVER.resolve("杭州市", null, null).confidence());
    }

    @Test
    void standardCodeOfAVillageSetsTheVillage() {
        Resolution r = RESOLVER.resolve(null, null, "330681109290");
        assertEquals("330681109290", r.villageCode());
        assertEquals("枫源村委会", r.villageName());
        assertEquals("枫桥镇", r.townshipName());
        assertEquals("诸暨市", r.countyName());
        assertTrue(r.resolved());
        assertFalse(r.ambiguous());

        Resolution township = RESOLVER.resolve(null, null, "330681109000");
        assertNull(township.villageCode());
    }

    @Test
    void villageNameSetsTheVillage() {
        Resolution r = RESOLVER.resolve("诸暨市勤荣村", null, null);
        assertEquals(ResolutionMethod.VILLAGE_NAME, r.method());
        assertEquals("330681117257", r.villageCode());
        assertEquals("勤荣村委会", r.villageName());
        assertEquals("安华镇", r.townshipName());
    }

    @Test
    void villageRefinesOnlyWithinTheNamedTownship() {
        assertEquals("330681109290", RESOLVER.resolve("诸暨市枫桥镇枫源村", null, null).villageCode());
        assertEquals("330683101336", RESOLVER.resolve("嵊州长乐镇太平村", null, null).villageCode());
        assertEquals("330681104008", RESOLVER.resolve("诸暨市店口镇江东社区", null, null).villageCode());
        assertEquals("330681001001", RESOLVER.resolve("诸暨市暨阳街道江东社区居委会", null, null).villageCode());
        Resolution elsewhere = RESOLVER.resolve("诸暨市枫桥镇塔山村", null, null);
        assertEquals("330681109", elsewhere.townshipCode());
        assertNull(elsewhere.villageCode());
    }

    @Test
    void sameVillageNameTwiceInOneCountyListsBoth() {
        Resolution r = RESOLVER.resolve("诸暨市江东社区", null, null);
        assertEquals(ResolutionMethod.COUNTY_ONLY, r.method());
        assertFalse(r.resolved());
        assertTrue(r.ambiguous());
        assertEquals(List.of(
                new Candidate("330681001001", "江东社区", Level.VILLAGE, "330681", "330681001", "暨阳街道"),
                new Candidate("330681104008", "江东社区居委会", Level.VILLAGE, "330681", "330681104", "店口镇")),
                r.candidates());

        Resolution shengzhou = RESOLVER.resolve("嵊州市桃源社区", null, null);
        assertEquals(List.of("330683005005", "330683100004"), codes(shengzhou));
        assertEquals(List.of("浦口街道", "甘霖镇"),
                shengzhou.candidates().stream().map(Candidate::townshipName).toList());
    }

    @Test
    void sameVillageNameTwiceInOneTownshipStillGivesTheTownship() {
        Resolution r = RESOLVER.resolve("嵊州市浦口社区", null, null);
        assertEquals("330683005", r.townshipCode());
        assertNull(r.villageCode());
        assertFalse(r.ambiguous());
    }

    @Test
    void villageNameInSeveralCountiesWithoutCountyIsOnlyListed() {
        Resolution r = RESOLVER.resolve("绍兴市塔山村", null, null);
        assertEquals(ResolutionMethod.UNRESOLVED, r.method());
        assertNull(r.countyCode());
        assertEquals(List.of("330602001200", "330624003225"), codes(r));
        assertEquals(List.of("330602", "330624"), r.candidates().stream().map(Candidate::countyCode).toList());

        assertEquals(List.of("330602005007", "330604001053", "330624002009"),
                codes(RESOLVER.resolve("城南社区", null, null)));
        assertEquals(List.of("330602017222", "330603107255", "330683003270"),
                codes(RESOLVER.resolve("新联村", null, null)));
        // Unique in the city, but the county is not known: listed, not picked.
        assertEquals(List.of("330681117257"), codes(RESOLVER.resolve("绍兴市勤荣村", null, null)));
    }

    @Test
    void townshipOfAnotherCountyIsACandidateNotAnAnswer() {
        Resolution r = RESOLVER.resolve("枫桥镇枫源村", "330602", null);
        assertEquals(ResolutionMethod.COUNTY_ONLY, r.method());
        assertEquals("330602", r.countyCode());
        assertNull(r.villageCode());
        assertEquals(List.of(new Candidate("330681109", "枫桥镇", Level.TOWNSHIP, "330681", "330681109", "枫桥镇")),
                r.candidates());
    }

    @Test
    void twoTownshipsAreListed() {
        Resolution sameCounty = RESOLVER.resolve("枫桥镇到店口镇", null, null);
        assertEquals(List.of("330681104", "330681109"), codes(sameCounty));
        Resolution twoCounties = RESOLVER.resolve("枫桥镇与甘霖镇之间", null, null);
        assertEquals(List.of("330681109", "330683100"), codes(twoCounties));
        assertNull(twoCounties.countyCode());
    }

    @Test
    void outsideRegionCarriesNothing() {
        Resolution r = RESOLVER.resolve("江苏省苏州市吴中区", null, null);
        assertEquals(ResolutionMethod.OUTSIDE_REGION, r.method());
        assertNull(r.countyCode());
        assertNull(r.townshipCode());
        assertFalse(r.resolved());
        assertFalse(r.ambiguous());
    }

    @Test
    void everyTownshipResolvesByItsName() {
        for (Division t : GAZETTEER.townships()) {
            String county = GAZETTEER.countyName(t.parentCode()).orElseThrow();
            for (String address : List.of(t.name(), "绍兴市" + county + t.name() + "12号", county + " " + t.name())) {
                Resolution r = RESOLVER.resolve(address, null, null);
                assertEquals(ResolutionMethod.TOWNSHIP_NAME, r.method(), address);
                assertEquals(t.code(), r.townshipCode(), address);
            }
        }
    }

    @Test
    void everyAliasResolves() {
        GAZETTEER.townshipAliases().forEach((alias, code) -> {
            Resolution r = RESOLVER.resolve("绍兴市" + alias, null, null);
            assertEquals(ResolutionMethod.TOWNSHIP_NAME, r.method(), alias);
            assertEquals(code, r.townshipCode(), alias);
        });
    }

    @Test
    void everyVillageIsFoundOrListedUnderItsCounty() {
        int unique = 0;
        for (Division v : GAZETTEER.villages()) {
            Division township = GAZETTEER.township(v.parentCode()).orElseThrow();
            String county = GAZETTEER.countyName(township.parentCode()).orElseThrow();

            Resolution r = RESOLVER.resolve(county + v.name(), null, null);
            if (r.method() == ResolutionMethod.VILLAGE_NAME) {
                assertEquals(township.code(), r.townshipCode(), v.name());
                if (v.code().equals(r.villageCode())) unique++;
            } else {
                assertEquals(ResolutionMethod.COUNTY_ONLY, r.method(), v.code() + " " + v.name() + " -> " + r);
                assertTrue(codes(r).contains(v.code()), v.name());
            }

            Resolution withTownship = RESOLVER.resolve(county + township.name() + v.name(), null, null);
            assertEquals(ResolutionMethod.TOWNSHIP_NAME, withTownship.method(), v.name());
            assertEquals(township.code(), withTownship.townshipCode(), v.name());
            assertTrue(withTownship.villageCode() == null || withTownship.villageCode().equals(v.code()), v.name());
        }
        assertTrue(unique > 2100, "villages found by name: " + unique);
    }

    @Test
    void isThreadSafe() throws IOException {
        List<Case> cases = cases();
        List<Resolution> sequential = cases.stream()
                .map(c -> RESOLVER.resolve(c.address(), c.countyHint(), c.code())).toList();
        for (int round = 0; round < 20; round++) {
            List<Resolution> parallel = cases.parallelStream()
                    .map(c -> RESOLVER.resolve(c.address(), c.countyHint(), c.code())).toList();
            assertEquals(sequential, parallel);
        }
    }

    @Test
    void villageFormsCoverInformalSpellings() {
        assertTrue(JurisdictionResolver.villageForms("勤荣村委会").containsAll(Set.of("勤荣村", "勤荣村民委员会")));
        assertTrue(JurisdictionResolver.villageForms("天和社区居委会").containsAll(Set.of("天和社区", "天和居委会")));
        assertTrue(JurisdictionResolver.villageForms("茶坊居委会").contains("茶坊社区"));
        assertTrue(JurisdictionResolver.villageForms("王家村村委会").contains("王家村"));
        assertFalse(JurisdictionResolver.villageForms("新村村委会").contains("新村"));
        assertEquals(Set.of("百官一村"), JurisdictionResolver.villageForms("百官一村"));
    }

    @Test
    void normalisesWidthSpacesAndProvince() {
        assertEquals("绍兴市诸暨市123号A", JurisdictionResolver.normalise("中国 浙江省 绍兴市\u3000诸暨市１２３号Ａ"));
        assertEquals("绍兴", JurisdictionResolver.normalise("浙江绍兴"));
        assertEquals("", JurisdictionResolver.normalise(null));
    }

    private static List<String> codes(Resolution r) {
        return r.candidates().stream().map(Candidate::code).toList();
    }
}
