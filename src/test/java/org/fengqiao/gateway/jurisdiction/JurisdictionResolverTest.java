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
    /** Deployments for another city and for the whole province: the same code, another setting. */
    private static final JurisdictionResolver HANGZHOU = new JurisdictionResolver(Gazetteer.forRegion("3301"));
    private static final JurisdictionResolver ZHEJIANG = new JurisdictionResolver(Gazetteer.forRegion("33"));

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
        assertEquals(List.of("330681117257"), codes(RESOLVER.resolve("勤荣村", "330000", null)));
    }

    @Test
    void aVillageNamedWithOnlyItsCityDecidesWhenUniqueInTheCity() {
        Resolution unique = RESOLVER.resolve("绍兴市勤荣村18号", null, null);
        assertEquals(ResolutionMethod.VILLAGE_NAME, unique.method());
        assertEquals("330681117", unique.townshipCode());
        assertEquals("330681117257", unique.villageCode());
        assertFalse(unique.ambiguous());
        // Not unique in the city: triage with both, never a guess.
        Resolution twice = RESOLVER.resolve("绍兴市塔山村5号", null, null);
        assertEquals(ResolutionMethod.UNRESOLVED, twice.method());
        assertEquals(List.of("330602001200", "330624003225"), codes(twice));
        // Without the city the same name is not enough.
        assertEquals(ResolutionMethod.UNRESOLVED, RESOLVER.resolve("勤荣村18号", null, null).method());
        // The city's short name counts as the city.
        assertEquals("330681117", RESOLVER.resolve("绍兴勤荣村", null, null).townshipCode());
    }

    @Test
    void everyVillageUniqueInTheCityResolvesWithOnlyTheCity() {
        java.util.Map<String, Integer> perName = new java.util.HashMap<>();
        for (Division v : GAZETTEER.villages()) {
            for (String form : JurisdictionResolver.villageForms(v.name())) perName.merge(form, 1, Integer::sum);
        }
        int decided = 0;
        for (Division v : GAZETTEER.villages()) {
            Resolution r = RESOLVER.resolve("绍兴市" + v.name() + "7号", null, null);
            if (perName.get(v.name()) == 1 && r.method() == ResolutionMethod.VILLAGE_NAME && r.villageCode() != null) {
                assertEquals(v.code(), r.villageCode(), v.name());
                decided++;
            } else if (r.method() == ResolutionMethod.VILLAGE_NAME) {
                // A name twice in one township still names the township.
                assertEquals(v.parentCode(), r.townshipCode(), v.name());
            } else if (r.method() != ResolutionMethod.TOWNSHIP_NAME && r.method() != ResolutionMethod.COUNTY_ONLY) {
                assertEquals(ResolutionMethod.UNRESOLVED, r.method(), v.name() + " -> " + r);
                assertTrue(codes(r).contains(v.code()), v.name() + " is among the candidates: " + r);
            }
        }
        assertTrue(decided > 1900, "villages decided with only the city: " + decided);
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
    void aDeploymentForHangzhouResolvesHangzhouAndCallsShaoxingElsewhere() {
        Resolution r = HANGZHOU.resolve("浙江省杭州市西湖区翠苑街道文三路90号", null, null);
        assertEquals(ResolutionMethod.TOWNSHIP_NAME, r.method());
        assertEquals("330106005", r.townshipCode());
        assertEquals("西湖区", r.countyName());
        assertEquals("330106005", HANGZHOU.resolve("西湖翠苑街道", null, null).townshipCode());
        assertEquals("330106005052", HANGZHOU.resolve(null, null, "330106005052").villageCode());
        Resolution village = HANGZHOU.resolve("杭州市芙蓉社区5号", null, null);
        assertEquals(ResolutionMethod.VILLAGE_NAME, village.method());
        assertEquals("330102012", village.townshipCode());
        // 鹿山街道 is a township of 富阳 and of 嵊州: for Hangzhou alone it is one.
        assertEquals("330111004", HANGZHOU.resolve("鹿山街道8号", null, null).townshipCode());

        assertEquals(ResolutionMethod.OUTSIDE_REGION,
                HANGZHOU.resolve("浙江省绍兴市诸暨市店口镇解放路18号", null, null).method());
        assertEquals(ResolutionMethod.OUTSIDE_REGION, HANGZHOU.resolve("店口镇解放路18号", "330681", null).method());
        assertEquals(ResolutionMethod.OUTSIDE_REGION, HANGZHOU.resolve(null, null, "330681109290").method());
        // And the other way round, the default deployment.
        assertEquals(ResolutionMethod.OUTSIDE_REGION,
                RESOLVER.resolve("浙江省杭州市西湖区翠苑街道文三路90号", null, null).method());
    }

    @Test
    void aDeploymentForTheProvinceResolvesEveryTownshipOfEveryCity() {
        Gazetteer zhejiang = ZHEJIANG.gazetteer();
        for (Division t : zhejiang.townships()) {
            Division county = zhejiang.county(t.parentCode()).orElseThrow();
            String city = zhejiang.cityOf(t.code()).orElseThrow().name();
            for (String address : List.of(city + county.name() + t.name() + "12号", county.name() + t.name())) {
                Resolution r = ZHEJIANG.resolve(address, null, null);
                assertEquals(ResolutionMethod.TOWNSHIP_NAME, r.method(), address + " -> " + r);
                assertEquals(t.code(), r.townshipCode(), address);
            }
            assertEquals(t.code(), ZHEJIANG.resolve(t.name() + "1号", county.code(), null).townshipCode(), t.name());
        }
    }

    @Test
    void aTownshipNameOfTwoCitiesIsNeverGuessed() {
        Resolution r = ZHEJIANG.resolve("鹿山街道8号", null, null);
        assertEquals(ResolutionMethod.UNRESOLVED, r.method());
        assertFalse(r.resolved());
        assertEquals(List.of("330111004", "330683003"), codes(r));
        assertEquals(List.of("330111", "330683"), r.candidates().stream().map(Candidate::countyCode).toList());
        // The county or the city named decides.
        assertEquals("330683003", ZHEJIANG.resolve("嵊州市鹿山街道8号", null, null).townshipCode());
        assertEquals("330111004", ZHEJIANG.resolve("富阳区鹿山街道8号", null, null).townshipCode());
        assertEquals("330683003", ZHEJIANG.resolve("绍兴市鹿山街道8号", null, null).townshipCode());
        assertEquals("330111004", ZHEJIANG.resolve("杭州鹿山街道8号", null, null).townshipCode());
        assertEquals("330683003", ZHEJIANG.resolve("鹿山街道8号", "330683", null).townshipCode());

        // 城东街道: five counties of four cities; 金华市 still has two of them.
        assertEquals(5, ZHEJIANG.resolve("城东街道", null, null).candidates().size());
        Resolution jinhua = ZHEJIANG.resolve("金华市城东街道", null, null);
        assertEquals(ResolutionMethod.UNRESOLVED, jinhua.method());
        assertEquals(List.of("330702001", "330783006"), codes(jinhua));
        assertEquals("330783006", ZHEJIANG.resolve("金华市东阳市城东街道", null, null).townshipCode());
        // A township of another county than the one given is a candidate for the county's desk, as
        // within one city; of the two, the one of the county's city.
        Resolution contradicts = ZHEJIANG.resolve("鹿山街道8号", "330602", null);
        assertEquals(ResolutionMethod.COUNTY_ONLY, contradicts.method());
        assertEquals("330602", contradicts.countyCode());
        assertEquals(List.of("330683003"), codes(contradicts));
    }

    @Test
    void aVillageNameOfTwoCitiesIsNeverGuessed() {
        Resolution r = ZHEJIANG.resolve("府山社区3号", null, null);
        assertEquals(ResolutionMethod.UNRESOLVED, r.method());
        assertEquals(List.of("330602002002", "330802006003"), codes(r));
        Resolution shaoxing = ZHEJIANG.resolve("绍兴市府山社区3号", null, null);
        assertEquals(ResolutionMethod.VILLAGE_NAME, shaoxing.method());
        assertEquals("330602002002", shaoxing.villageCode());
        assertEquals("330802006003", ZHEJIANG.resolve("衢州市府山社区3号", null, null).villageCode());
        // 花园社区: once in 绍兴市, twice in 杭州市 (上城, 西湖): the city alone does not decide there.
        assertEquals("330602001004", ZHEJIANG.resolve("绍兴市花园社区1号", null, null).villageCode());
        Resolution hangzhou = ZHEJIANG.resolve("杭州市花园社区1号", null, null);
        assertEquals(ResolutionMethod.UNRESOLVED, hangzhou.method());
        assertEquals(List.of("330102016006", "330106005052"), codes(hangzhou));
    }

    @Test
    void theProvinceAgreesWithTheCityOnEveryAddressThatNamesItsCityOrCounty() throws IOException {
        int compared = 0;
        for (Case c : cases()) {
            String text = c.address() == null ? "" : JurisdictionResolver.normalise(c.address());
            boolean namesShaoxing = text.startsWith("绍兴") || GAZETTEER.counties().stream()
                    .anyMatch(county -> text.startsWith(county.name()));
            boolean coded = c.code() != null && !c.code().isBlank() || c.countyHint() != null && !c.countyHint().isBlank();
            if (!(namesShaoxing || coded) || c.townshipCode() == null) continue;
            Resolution r = ZHEJIANG.resolve(c.address(), c.countyHint(), c.code());
            assertEquals(c.townshipCode(), r.townshipCode(), c.label() + " -> " + r);
            compared++;
        }
        assertTrue(compared > 30, "rows compared: " + compared);
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
