package org.fengqiao.gateway.jurisdiction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.fengqiao.gateway.jurisdiction.Division.Level;
import org.junit.jupiter.api.Test;

class GazetteerTest {

    private final Gazetteer gazetteer = Gazetteer.loadDefault();

    @Test
    void loadsTheCityOnce() {
        assertSame(gazetteer, Gazetteer.loadDefault());
        assertEquals("3306", gazetteer.areaCode());
        assertEquals("绍兴市", gazetteer.area().name());
        assertEquals(Level.CITY, gazetteer.area().level());
        assertEquals(List.of(gazetteer.area()), gazetteer.cities());
        assertSame(gazetteer, Gazetteer.forRegion(" 3306 "));
    }

    @Test
    void theWholeProvinceIsOneSetting() {
        Gazetteer zhejiang = Gazetteer.forRegion("33");
        assertEquals("33", zhejiang.areaCode());
        assertEquals("浙江省", zhejiang.area().name());
        assertEquals(Level.PROVINCE, zhejiang.area().level());
        assertEquals(List.of("杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市", "舟山市",
                "台州市", "丽水市"), zhejiang.cities().stream().map(Division::name).toList());
        assertEquals(90, zhejiang.counties().size());
        assertEquals(1387, zhejiang.townships().size());
        assertEquals(25547, zhejiang.villages().size());
        assertEquals("杭州市", zhejiang.cityOf("330106005").orElseThrow().name());
        assertEquals("翠苑街道", zhejiang.township("330106005").orElseThrow().name());
        // The shared parts are the same as a city's own gazetteer.
        assertEquals(gazetteer.townshipsOf("330681"), zhejiang.townshipsOf("330681"));
        assertEquals(gazetteer.townshipAliases(), zhejiang.townshipAliases());
        assertTrue(zhejiang.outsideRegions().stream().noneMatch(d -> d.code() != null && d.code().startsWith("33")));
        assertTrue(zhejiang.isOutsideRegionCode("320506001001"));
        assertFalse(zhejiang.isOutsideRegionCode("330102"));
    }

    @Test
    void anotherCityIsOneSetting() {
        Gazetteer hangzhou = Gazetteer.forRegion("3301");
        assertEquals("杭州市", hangzhou.area().name());
        assertEquals(13, hangzhou.counties().size());
        assertEquals(196, hangzhou.townships().size());
        assertTrue(hangzhou.county("330681").isEmpty());
        // 绍兴市 is now elsewhere, 杭州市 no longer; the province of both is neither.
        assertTrue(hangzhou.isOutsideRegionCode("330681"));
        assertFalse(hangzhou.isOutsideRegionCode("330106"));
        Set<String> outside = hangzhou.outsideRegions().stream().map(Division::name).collect(Collectors.toSet());
        assertTrue(outside.contains("绍兴市"));
        assertFalse(outside.contains("杭州市"));
        assertFalse(outside.contains("浙江省"));
        // Shaoxing's renamed townships are not Hangzhou's business.
        assertTrue(hangzhou.townshipAliases().isEmpty());
    }

    @Test
    void severalCitiesHaveTheirProvinceAsArea() {
        Gazetteer two = Gazetteer.forRegion("3306,3301");
        assertEquals("33", two.areaCode());
        assertEquals(List.of("3301", "3306"), two.cities().stream().map(Division::code).toList());
        assertEquals(19, two.counties().size());
        // 宁波市鄞州区: another city for these two, not for the whole province.
        assertTrue(two.isOutsideRegionCode("330212"));
        assertFalse(Gazetteer.forRegion("33").isOutsideRegionCode("330212"));
    }

    @Test
    void aRegionThatCannotBeServedIsRefused() {
        for (String bad : List.of("", "3", "330", "33x1", "3301,3201", "33,3301", "3399", "32")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gazetteer.forRegion(bad));
            assertFalse(e.getMessage().isBlank(), bad);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Gazetteer.forRegion("3201")).getMessage()
                .contains("generate-gazetteer.mjs 32"));
    }

    @Test
    void countsMatchNbs2023() {
        assertEquals(6, gazetteer.counties().size());
        assertEquals(103, gazetteer.townships().size());
        assertEquals(2168, gazetteer.villages().size());
        Map<String, Integer> townshipsPerCounty = gazetteer.counties().stream()
                .collect(Collectors.toMap(Division::code, c -> gazetteer.townshipsOf(c.code()).size()));
        assertEquals(Map.of("330602", 17, "330603", 16, "330604", 20, "330624", 12, "330681", 23, "330683", 15),
                townshipsPerCounty);
        int villages = gazetteer.townships().stream().mapToInt(t -> gazetteer.villagesOf(t.code()).size()).sum();
        assertEquals(2168, villages);
    }

    @Test
    void countiesByCodeAndName() {
        assertEquals(List.of("330602", "330603", "330604", "330624", "330681", "330683"),
                gazetteer.counties().stream().map(Division::code).toList());
        assertEquals(List.of("越城区", "柯桥区", "上虞区", "新昌县", "诸暨市", "嵊州市"),
                gazetteer.counties().stream().map(Division::name).toList());
        assertEquals("诸暨市", gazetteer.countyName("330681").orElseThrow());
        assertTrue(gazetteer.countyName("330681109").isEmpty());
        assertTrue(gazetteer.county(null).isEmpty());
        assertTrue(gazetteer.townshipsOf("330699").isEmpty());
    }

    @Test
    void lookupsRespectTheLevel() {
        Division township = gazetteer.township("330681109").orElseThrow();
        assertEquals("枫桥镇", township.name());
        assertEquals("330681", township.parentCode());
        Division village = gazetteer.village("330681109290").orElseThrow();
        assertEquals("枫源村委会", village.name());
        assertEquals("330681109", village.parentCode());
        assertTrue(gazetteer.township("330681109290").isEmpty());
        assertTrue(gazetteer.village("330681109").isEmpty());
        assertEquals(Level.COUNTY, gazetteer.division("330683").orElseThrow().level());
    }

    @Test
    void townshipNamesAreUniqueInTheCity() {
        Set<String> names = new HashSet<>();
        for (Division t : gazetteer.townships()) assertTrue(names.add(t.name()), t.name());
        assertTrue(gazetteer.townships().stream().allMatch(t -> t.name().matches(".+(镇|乡|街道)")));
    }

    @Test
    void regionMembership() {
        for (Division c : gazetteer.counties()) assertTrue(gazetteer.isInRegion(c.code()));
        assertFalse(gazetteer.isInRegion("330600"));
        assertFalse(gazetteer.isInRegion("330102"));
        assertFalse(gazetteer.isInRegion(null));

        assertTrue(gazetteer.isOutsideRegionCode("330102"));
        assertTrue(gazetteer.isOutsideRegionCode("330782"));
        assertTrue(gazetteer.isOutsideRegionCode("320506001001"));
        assertTrue(gazetteer.isOutsideRegionCode("110105"));
        assertFalse(gazetteer.isOutsideRegionCode("330681"));
        assertFalse(gazetteer.isOutsideRegionCode("330699"));
        assertFalse(gazetteer.isOutsideRegionCode("999999"));
        assertFalse(gazetteer.isOutsideRegionCode("3301"));
        assertFalse(gazetteer.isOutsideRegionCode("33x102"));
    }

    @Test
    void outsideRegionsAreProvincesAndCitiesElsewhere() {
        Set<String> names = gazetteer.outsideRegions().stream().map(Division::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("江苏省", "上海市", "杭州市", "宁波市", "金华市", "南京市", "香港特别行政区")));
        assertFalse(names.contains("浙江省"));
        assertFalse(names.contains("绍兴市"));
        assertFalse(names.contains("市辖区"));
        assertFalse(names.contains("县"));
        assertFalse(names.contains("省直辖县级行政区划"));
        assertEquals(33, gazetteer.outsideRegions().stream().filter(d -> d.level() == Level.PROVINCE).count());
    }

    @Test
    void aliasesPointAtCurrentTownships() {
        Map<String, String> aliases = gazetteer.townshipAliases();
        assertEquals("330681106", aliases.get("直埠镇"));
        assertEquals("330681005", aliases.get("大唐镇"));
        assertEquals("姚江镇", gazetteer.township(aliases.get("直埠镇")).orElseThrow().name());
        assertEquals("大唐街道", gazetteer.township(aliases.get("大唐镇")).orElseThrow().name());
        aliases.forEach((alias, code) -> assertTrue(gazetteer.township(code).isPresent(), alias));
    }

    @Test
    void rejectsInconsistentInput() {
        String city = "CITY\t3306\t33\t绍兴市\nCOUNTY\t330681\t3306\t诸暨市\nTOWNSHIP\t330681109\t330681\t枫桥镇\n";
        assertThrows(IllegalStateException.class, () -> Gazetteer.fromReaders(
                new StringReader(city + "VILLAGE\t330681999001\t330681999\t某村委会\n"),
                new StringReader(""), new StringReader("")));
        assertThrows(IllegalStateException.class, () -> Gazetteer.fromReaders(
                new StringReader(city), new StringReader(""), new StringReader("某镇\t330681999\tnone\n")));
        assertThrows(IllegalStateException.class, () -> Gazetteer.fromReaders(
                new StringReader(city), new StringReader(""), new StringReader("枫桥镇\t330681109\tsame name\n")));
        assertThrows(IllegalStateException.class, () -> Gazetteer.fromReaders(
                new StringReader(city + "TOWN\t1\t2\tx\n"), new StringReader(""), new StringReader("")));
    }
}
