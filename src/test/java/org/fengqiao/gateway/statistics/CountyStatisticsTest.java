package org.fengqiao.gateway.statistics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.fengqiao.gateway.support.GatewayApi.evaluate;
import static org.fengqiao.gateway.support.GatewayApi.event;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.feedback.FeedbackRelay;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.support.CourtMediations;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.PetitionItems;
import org.fengqiao.gateway.support.SignedSources;
import org.fengqiao.gateway.support.TestClock;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * The county statistics against counts the test makes itself: disputes of 新昌县 (a county no other
 * test works in by township) taken in through the sources' doors over two months, two townships, two
 * sources and several categories, handled over REST, evaluated through the hotline's evaluation
 * route; the figures read over REST once the catch-up has followed the ledger. Each township's row is
 * compared figure by figure; the totals and the other breakdowns by what they grew by since the test
 * began (other tests may have 新昌 disputes without a township, or in a month of these). Ranges of
 * whole months (read from the monthly summary) and of days of a partial month (read from the facts)
 * give the same counts, also after a case changed once its month was added up.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class CountyStatisticsTest {

    static final String COUNTY = "330624";
    static final String YULIN = "330624001";
    static final String NANMING = "330624002";
    static final String CENTRE = "330624-CENTRE";
    static final String TRIAGE = "330624-TRIAGE";
    static final String HOTLINE = "HOTLINE_12345";
    static final String COURT = "COURT_MEDIATION";
    static final String PETITION = "PETITION";
    static final Map<String, String> ADDRESS = Map.of(YULIN, "浙江省绍兴市新昌县羽林街道鼓山西路18号",
            NANMING, "浙江省绍兴市新昌县南明街道人民中路20号");
    static final DateTimeFormatter HOTLINE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Inject
    FeedbackRelay relay;
    @Inject
    FactsCatchUp facts;
    @Inject
    LedgerDatabase database;
    @Inject
    ObjectMapper json;

    /** What the test did to one dispute, and the times it read back from the dispute. */
    static final class Case {
        String id;
        String gdbh;
        String source;
        String township;
        String category;
        String handler;
        YearMonth month;
        boolean signed;
        boolean resolved;
        String outcome;
        boolean returned;
        boolean extended;
        boolean escalated;
        boolean reopened;
        Boolean satisfied;
        boolean open = true;
        OffsetDateTime receivedAt;
        OffsetDateTime signBy;
        OffsetDateTime signedAt;
        OffsetDateTime resolvedAt;
        OffsetDateTime dueAt;
    }

    @Test
    void everyFigureIsTheCountOfWhatWasDone() throws Exception {
        YearMonth first = YearMonth.from(now());
        YearMonth second = first.plusMonths(1);
        LocalDate from = first.atDay(1);
        LocalDate to = second.atEndOfMonth();
        // What other tests left in these months, with the facts caught up with it.
        facts.catchUp();
        Map<String, JsonNode> before = new HashMap<>();
        for (String by : List.of("", "category", "source", "handler", "month")) {
            before.put(by, overview(from, to, by));
        }
        JsonNode declinesBefore = declines(second);

        List<Case> cases = new ArrayList<>();
        // First month. Resolved by mediation, satisfied.
        Case c1 = hotline(cases, YULIN, "邻里纠纷", "NEIGHBOR", null);
        sign(c1);
        resolve(c1, "MEDIATED");
        feedbackAndEvaluate(c1, "满意", true);
        // Signed and resolved past its deadline (the work order's own), then dissatisfied: reopened.
        Case c2 = hotline(cases, NANMING, "婚姻家庭纠纷", "MARRIAGE_FAMILY", now().minusDays(2));
        sign(c2);
        resolve(c2, "FAILED");
        feedbackAndEvaluate(c2, "不满意", false);
        c2.reopened = true;
        c2.resolved = false;
        // Returned by its township: to the county's triage desk.
        Case c3 = hotline(cases, YULIN, "婚姻家庭纠纷", "MARRIAGE_FAMILY", null);
        event(c3.id, Map.of("type", "RETURNED", "handlerId", YULIN, "reason", "不属本街道")).statusCode(200);
        c3.returned = true;
        awaitStatus(c3, "DISPATCHED");
        // The court's: one mediated before litigation, one withdrawn.
        Case c4 = court(cases, NANMING);
        sign(c4);
        resolve(c4, "MEDIATED");
        c4.open = false;
        Case c5 = court(cases, YULIN);
        sign(c5);
        resolve(c5, "WITHDRAWN");
        c5.open = false;

        TestClock.moveTo(second.atDay(1).atTime(9, 0).atZone(GatewayTime.ZONE).toOffsetDateTime());
        // Second month. Extended by the centre, then resolved; basically satisfied.
        Case c6 = hotline(cases, NANMING, "邻里纠纷", "NEIGHBOR", null);
        sign(c6);
        event(c6.id, Map.of("type", "EXTENSION_REQUESTED", "handlerId", NANMING, "days", 5, "reason", "当事人外出"))
                .statusCode(200);
        event(c6.id, Map.of("type", "EXTENSION_APPROVED", "handlerId", CENTRE, "reason", "同意")).statusCode(200);
        c6.extended = true;
        resolve(c6, "MEDIATED");
        feedbackAndEvaluate(c6, "基本满意", true);
        // Past its deadline and not signed: overdue now.
        hotline(cases, YULIN, "邻里纠纷", "NEIGHBOR", now().minusDays(1));
        Case c8 = hotline(cases, YULIN, "婚姻家庭纠纷", "MARRIAGE_FAMILY", null);
        sign(c8);
        court(cases, NANMING);
        // Returned, reassigned to the same township by the triage desk, returned again: the task force.
        Case c10 = hotline(cases, NANMING, "邻里纠纷", "NEIGHBOR", null);
        event(c10.id, Map.of("type", "RETURNED", "handlerId", NANMING, "reason", "不属本街道")).statusCode(200);
        awaitStatus(c10, "DISPATCHED");
        event(c10.id, Map.of("type", "REASSIGNED", "handlerId", TRIAGE, "toHandlerId", NANMING, "reason", "属地"))
                .statusCode(200);
        awaitStatus(c10, "DISPATCHED");
        event(c10.id, Map.of("type", "RETURNED", "handlerId", NANMING, "reason", "仍不属本街道")).statusCode(200);
        c10.returned = true;
        c10.escalated = true;
        // The same petitioner twice: the second is a repeat petition.
        String petitioner = IdNumbers.random();
        Case p1 = petition(cases, YULIN, petitioner);
        Case p2 = petition(cases, YULIN, petitioner);

        for (Case c : cases) {
            read(c);
        }
        assertThat(c3.handler).isEqualTo(TRIAGE);
        assertThat(c10.handler).isEqualTo("330624-TASKFORCE");
        assertThat(cases).extracting(c -> c.month).contains(first, second);

        // The catch-up runs on its own timer: the figures are there once it has followed the ledger.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode byTownship = overview(from, to, "township");
            for (String township : List.of(YULIN, NANMING)) {
                JsonNode row = row(byTownship, township);
                assertFigures(row.path("figures"), expected(cases, c -> township.equals(c.township)), township);
            }
        });
        JsonNode byTownship = overview(from, to, "township");
        assertThat(row(byTownship, YULIN).path("label").asText()).isEqualTo("羽林街道");
        assertThat(OffsetDateTime.parse(byTownship.path("asOf").asText())).isAfter(c10.receivedAt);
        assertGrowth(before.get(""), overview(from, to, ""), cases, Map.of("", c -> true));
        assertGrowth(before.get("category"), overview(from, to, "category"), cases, byKey(cases, c -> c.category));
        assertGrowth(before.get("source"), overview(from, to, "source"), cases, byKey(cases, c -> c.source));
        assertGrowth(before.get("handler"), overview(from, to, "handler"), cases, byKey(cases, c -> c.handler));
        assertGrowth(before.get("month"), overview(from, to, "month"), cases, byKey(cases, c -> c.month.toString()));
        JsonNode byCategory = overview(from, to, "category");
        assertThat(row(byCategory, "NEIGHBOR").path("label").asText()).isEqualTo("邻里");
        assertThat(row(overview(from, to, "source"), HOTLINE).path("label").asText()).isEqualTo("12345热线");
        assertThat(row(overview(from, to, "month"), second.toString()).path("label").asText())
                .isEqualTo(second.getYear() + "年" + second.getMonthValue() + "月");

        // The city's figures hold the county's.
        JsonNode city = given().header("Authorization", SignedSources.basic("3306-CENTRE"))
                .get("/api/v1/statistics?area=3306&from=" + from + "&to=" + to).then().statusCode(200).extract()
                .as(JsonNode.class);
        assertThat(city.path("total").path("received").asLong())
                .isGreaterThanOrEqualTo(overview(from, to, "").path("total").path("received").asLong());

        // The three declines: this month's petitions, repeats and disputes against the month before.
        JsonNode declines = declines(second);
        JsonNode now = declines.path("current");
        JsonNode was = declinesBefore.path("current");
        assertThat(now.path("petitionItems").asLong() - was.path("petitionItems").asLong()).isEqualTo(2);
        assertThat(now.path("repeatPetitions").asLong() - was.path("repeatPetitions").asLong()).isEqualTo(1);
        assertThat(now.path("disputes").asLong() - was.path("disputes").asLong())
                .isEqualTo(cases.stream().filter(c -> c.month.equals(second)).count());
        assertThat(now.path("disputesPer10k").asDouble())
                .isCloseTo(now.path("disputes").asLong() * 10_000.0 / 400_000, within(1e-9));
        assertThat(declines.path("previousMonth").path("disputes").asLong())
                .isGreaterThanOrEqualTo(cases.stream().filter(c -> c.month.equals(first)).count());
        assertThat(p1.source).isEqualTo(p2.source);

        // Whole months are read from the monthly summary, the days of a partial month from the facts: a
        // range of the whole first month and the second's days up to its last case (summary, then facts),
        // one from the first month's first case to the end of the second (facts, then summary), and each
        // month alone; every township row is the test's own count of the cases in it.
        LocalDate firstDay = cases.stream().filter(c -> c.month.equals(first))
                .map(c -> GatewayTime.inZone(c.receivedAt).toLocalDate()).min(LocalDate::compareTo).orElseThrow();
        LocalDate lastDay = cases.stream().filter(c -> c.month.equals(second))
                .map(c -> GatewayTime.inZone(c.receivedAt).toLocalDate()).max(LocalDate::compareTo).orElseThrow();
        assertThat(lastDay).as("days of the second month after its cases").isBefore(second.atEndOfMonth());
        assertRanges(cases, first, second, firstDay, lastDay);
        assertSummary(cases);

        // Facts that change after their month was summed move their contribution: a signed case resolved
        // thirteen hours on (a handling time for the p90's buckets), and the returned case the triage
        // desk now gives to 羽林街道 (its handler changes).
        TestClock.advance(Duration.ofHours(13));
        resolve(c8, "MEDIATED");
        event(c3.id, Map.of("type", "REASSIGNED", "handlerId", TRIAGE, "toHandlerId", YULIN, "reason", "属地"))
                .statusCode(200);
        awaitStatus(c3, "DISPATCHED");
        read(c8);
        read(c3);
        assertThat(c3.handler).isEqualTo(YULIN);
        assertThat(Duration.between(c8.receivedAt, c8.resolvedAt)).isGreaterThan(Duration.ofHours(12));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode rows = overview(from, to, "township");
            for (String township : List.of(YULIN, NANMING)) {
                assertFigures(row(rows, township).path("figures"), expected(cases, c -> township.equals(c.township)),
                        township);
            }
        });
        assertRanges(cases, first, second, firstDay, lastDay);
        assertSummary(cases);
        assertGrowth(before.get("handler"), overview(from, to, "handler"), cases, byKey(cases, c -> c.handler));
        assertThat(row(overview(from, to, "handler"), TRIAGE).path("figures").path("received").asLong())
                .as("the triage desk's cases of these months, without the one it gave away")
                .isEqualTo(row(before.get("handler"), TRIAGE).path("figures").path("received").asLong());

        // Read again from the start of the history, as a new instance would: the same figures.
        JsonNode settled = withoutAsOf(overview(from, to, "township"));
        try (Connection c = database.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("update statistics_watermark set last_history_id = 0 where name = 'facts'");
        }
        facts.catchUp();
        assertThat(withoutAsOf(overview(from, to, "township"))).isEqualTo(settled);
        // The summary made again from the facts, as on a ledger that had facts before it: the same.
        try (Connection c = database.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("update statistics_watermark set caught_up_at = null where name = 'summary'");
        }
        facts.catchUp();
        assertThat(withoutAsOf(overview(from, to, "township"))).isEqualTo(settled);
        assertSummary(cases);
        assertRowsPerBreakdownAreTheCellsAddedUp();

        // A round of an instance of an older version, which keeps the cells alone: here the rows per
        // breakdown lose this county, and the facts' marker moves without theirs. Readers take the cells
        // until the next round of this version makes the rows again from them.
        Map<String, JsonNode> settledBy = new HashMap<>();
        for (String by : List.of("", "category", "source", "handler", "month")) {
            settledBy.put(by, withoutAsOf(overview(from, to, by)));
        }
        try (Connection c = database.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from statistics_month_by where county_code = '" + COUNTY + "'");
            s.executeUpdate("update statistics_watermark set caught_up_at = current_timestamp where name = 'facts'");
        }
        assertThat(withoutAsOf(overview(from, to, "township"))).isEqualTo(settled);
        settledBy.forEach((by, figures) -> assertThat(withoutAsOf(overview(from, to, by))).as(by).isEqualTo(figures));
        facts.catchUp();
        assertRowsPerBreakdownAreTheCellsAddedUp();
        assertThat(withoutAsOf(overview(from, to, "township"))).isEqualTo(settled);
        settledBy.forEach((by, figures) -> assertThat(withoutAsOf(overview(from, to, by))).as(by).isEqualTo(figures));
    }

    /**
     * statistics_month_by holds, per breakdown, the cells of statistics_month added up: every column of
     * every county, month and key, compared in the database both ways.
     */
    private void assertRowsPerBreakdownAreTheCellsAddedUp() throws Exception {
        String sums = String.join(", ", java.util.stream.Stream.of(Tally.COUNTS, List.of("handling_seconds"),
                Tally.BUCKET_COLUMNS).flatMap(List::stream).map(c -> "sum(" + c + ") as " + c).toList());
        for (var by : MonthlySummary.BY.entrySet()) {
            String cells = "select county_code, received_month, " + by.getValue() + " as k, " + sums
                    + " from statistics_month group by county_code, received_month, " + by.getValue();
            String rows = "select county_code, received_month, breakdown_key as k, " + sums
                    + " from statistics_month_by where breakdown = '" + by.getKey().name()
                    + "' group by county_code, received_month, breakdown_key";
            try (Connection c = database.connection(); Statement s = c.createStatement()) {
                for (String[] pair : List.of(new String[] { cells, rows }, new String[] { rows, cells })) {
                    try (var rs = s.executeQuery("select count(*) from (" + pair[0] + " except " + pair[1] + ") d")) {
                        rs.next();
                        assertThat(rs.getLong(1)).as("rows by %s not in the other", by.getKey()).isZero();
                    }
                }
                try (var rs = s.executeQuery("select count(*) from statistics_month_by where breakdown = '"
                        + by.getKey().name() + "' and county_code = '" + COUNTY + "'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("rows by %s of the county", by.getKey()).isPositive();
                }
            }
        }
    }

    /** Each township's row of each range equals the test's count of its cases received in the range. */
    private void assertRanges(List<Case> cases, YearMonth first, YearMonth second, LocalDate firstDay,
            LocalDate lastDay) {
        Map<String, LocalDate[]> ranges = new LinkedHashMap<>();
        ranges.put("whole first month, second partly", new LocalDate[] { first.atDay(1), lastDay });
        ranges.put("first from its first case, whole second", new LocalDate[] { firstDay, second.atEndOfMonth() });
        ranges.put("the first month", new LocalDate[] { first.atDay(1), first.atEndOfMonth() });
        ranges.put("the second month up to its last case", new LocalDate[] { second.atDay(1), lastDay });
        for (var range : ranges.entrySet()) {
            LocalDate from = range.getValue()[0];
            LocalDate to = range.getValue()[1];
            JsonNode rows = overview(from, to, "township");
            for (String township : List.of(YULIN, NANMING)) {
                Predicate<Case> in = c -> township.equals(c.township)
                        && !GatewayTime.inZone(c.receivedAt).toLocalDate().isBefore(from)
                        && !GatewayTime.inZone(c.receivedAt).toLocalDate().isAfter(to);
                assertFigures(row(rows, township).path("figures"), expected(cases, in),
                        range.getKey() + " " + township);
            }
        }
    }

    /**
     * The summary's cells of each township and month, read from the database, hold the test's counts:
     * received, signed, resolved, returned, evaluated, satisfied, the handling time in seconds and the
     * resolved disputes per bucket.
     */
    private void assertSummary(List<Case> cases) throws Exception {
        for (String township : List.of(YULIN, NANMING)) {
            for (YearMonth month : cases.stream().map(c -> c.month).distinct().toList()) {
                List<Case> in = cases.stream().filter(c -> township.equals(c.township) && month.equals(c.month))
                        .toList();
                StringBuilder buckets = new StringBuilder();
                for (int i = 0; i < BOUNDS.length; i++) {
                    buckets.append(", sum(hours_le_").append(BOUNDS[i]).append(')');
                }
                try (Connection db = database.connection();
                        var s = db.prepareStatement("select sum(received), sum(signed), sum(resolved), sum(returned),"
                                + " sum(evaluated), sum(satisfied), sum(handling_seconds)" + buckets
                                + " from statistics_month where county_code = ? and township_code = ?"
                                + " and received_month = ?")) {
                    s.setString(1, COUNTY);
                    s.setString(2, township);
                    s.setString(3, month.toString());
                    try (var rs = s.executeQuery()) {
                        rs.next();
                        String where = township + " " + month + " ";
                        assertThat(rs.getLong(1)).as(where + "received").isEqualTo(in.size());
                        assertThat(rs.getLong(2)).as(where + "signed").isEqualTo(count(in, c -> c.signed));
                        assertThat(rs.getLong(3)).as(where + "resolved").isEqualTo(count(in, c -> c.resolved));
                        assertThat(rs.getLong(4)).as(where + "returned").isEqualTo(count(in, c -> c.returned));
                        assertThat(rs.getLong(5)).as(where + "evaluated").isEqualTo(count(in, c -> c.satisfied != null));
                        assertThat(rs.getLong(6)).as(where + "satisfied")
                                .isEqualTo(count(in, c -> Boolean.TRUE.equals(c.satisfied)));
                        // Whole seconds of each time, which the record's timestamps may round apart by one.
                        assertThat(rs.getLong(7)).as(where + "handling seconds").isCloseTo(in.stream()
                                .filter(c -> c.resolved).mapToLong(c -> Duration.between(c.receivedAt, c.resolvedAt)
                                        .toSeconds()).sum(), within(count(in, c -> c.resolved)));
                        for (int i = 0; i < BOUNDS.length; i++) {
                            int bucket = i;
                            assertThat(rs.getLong(8 + i)).as(where + "hours up to " + BOUNDS[i]).isEqualTo(count(in,
                                    c -> c.resolved && bucketOf(Duration.between(c.receivedAt, c.resolvedAt)) == bucket));
                        }
                    }
                }
            }
        }
    }

    @Test
    void onlyTheCentresOfTheAreaReadItsFigures() {
        String query = "/api/v1/statistics?area=" + COUNTY + "&from=2026-01-01&to=2026-12-31&by=township";
        as(CENTRE).get(query).then().statusCode(200);
        as("3306-CENTRE").get(query).then().statusCode(200);
        as(YULIN).get(query).then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        as(TRIAGE).get(query).then().statusCode(403);
        as("330681-CENTRE").get(query).then().statusCode(403);
        as(CENTRE).get("/api/v1/statistics?area=3306&from=2026-01-01&to=2026-12-31").then().statusCode(403);
        as(CENTRE).get("/api/v1/statistics/declines?area=330681&month=2026-11").then().statusCode(403);
        as(YULIN).get("/api/v1/statistics/definitions").then().statusCode(403);
        as(CENTRE).get("/api/v1/statistics/definitions").then().statusCode(200)
                .body("items.find { it.figure == 'signedOnTimeRate' }.nameZh", equalTo("按时签收率"));
    }

    @Test
    void aBadAreaDateOrBreakdownIsRefusedNamingTheField() {
        as(CENTRE).get("/api/v1/statistics?area=33062&from=2026-01-01&to=2026-12-31").then().statusCode(400)
                .body("errors[0].field", equalTo("area"));
        as(CENTRE).get("/api/v1/statistics?area=110101&from=2026-01-01&to=2026-12-31").then().statusCode(400)
                .body("errors[0].field", equalTo("area"));
        as(CENTRE).get("/api/v1/statistics?area=330624&from=2026-02-30&to=2026-12-31").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
        as(CENTRE).get("/api/v1/statistics?area=330624&from=2026-12-31&to=2026-01-01").then().statusCode(400)
                .body("errors[0].field", equalTo("to"));
        as(CENTRE).get("/api/v1/statistics?area=330624&from=2026-01-01&to=2026-12-31&by=week").then()
                .statusCode(400).body("errors[0].field", equalTo("by"));
        as(CENTRE).header("Accept-Language", "zh-CN").get("/api/v1/statistics?area=330624&from=2026-01-01")
                .then().statusCode(400).body("errors[0].field", equalTo("to"))
                .body("errors[0].message", equalTo("必须是日期，格式 yyyy-MM-dd"));
        as(CENTRE).get("/api/v1/statistics/declines?area=330624&month=2026-13").then().statusCode(400)
                .body("errors[0].field", equalTo("month"));
    }

    // --- what the test does through the doors ---

    private Case hotline(List<Case> cases, String township, String flmc, String category, OffsetDateTime due) {
        Case c = new Case();
        c.gdbh = WorkOrders.newGdbh();
        Map<String, Object> order = WorkOrders.valid(c.gdbh);
        order.put("fsdz", ADDRESS.get(township));
        order.put("xzqh", COUNTY);
        order.put("flmc", flmc);
        order.put("sqnr", "邻居之间因琐事多次争执，请求协调处理。");
        order.put("sqr", Map.of("xm", "测试甲", "sfzh", IdNumbers.random(), "lxdh", "13900001111"));
        if (due != null) {
            order.put("blsx", due.atZoneSameInstant(GatewayTime.ZONE).format(HOTLINE_TIME));
        }
        c.id = given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202).extract().path("disputeId");
        return recorded(cases, c, HOTLINE, township, category);
    }

    private Case court(List<Case> cases, String township) {
        Case c = new Case();
        Map<String, Object> mediation = CourtMediations.valid(CourtMediations.newCaseNo());
        mediation.put("court", Map.of("code", COUNTY, "name", "新昌县人民法院"));
        mediation.put("mediationDeadline", LocalDate.now(new TestClock()).plusDays(40).toString());
        mediation.put("plaintiffs", List.of(CourtMediations.person("测试原告", IdNumbers.random(), "13900002222",
                ADDRESS.get(township))));
        mediation.put("defendants", List.of(CourtMediations.person("测试被告", IdNumbers.random(), "13900003333",
                ADDRESS.get(township))));
        c.id = given().contentType(ContentType.JSON).body(CourtMediations.json(mediation))
                .post("/api/v1/sources/court/mediations").then().statusCode(202).extract().path("disputeId");
        return recorded(cases, c, COURT, township, "CONTRACT");
    }

    private Case petition(List<Case> cases, String township, String idNumber) {
        Case c = new Case();
        PetitionItems item = PetitionItems.valid(PetitionItems.newXfjbh());
        item.set("Wtsd", ADDRESS.get(township)).set("Blqx", LocalDate.now(new TestClock()).plusDays(60).toString());
        item.noPetitioners().petitioner("测试信访人", idNumber, "13900004444", ADDRESS.get(township));
        c.id = given().contentType("application/xml;charset=UTF-8").body(item.xml().getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/sources/petition/items").then().statusCode(202).extract().path("disputeId");
        return recorded(cases, c, PETITION, township, "FOREST_LAND");
    }

    private Case recorded(List<Case> cases, Case c, String source, String township, String category) {
        c.source = source;
        c.township = township;
        c.category = category;
        cases.add(c);
        awaitStatus(c, "DISPATCHED");
        JsonNode dispute = dispute(c.id).path("dispute");
        assertThat(dispute.path("location").path("townshipCode").asText()).isEqualTo(township);
        assertThat(dispute.path("category").path("code").asText()).isEqualTo(category);
        return c;
    }

    private void sign(Case c) throws Exception {
        String holder = dispute(c.id).path("dispute").path("assignment").path("handlerId").asText();
        event(c.id, Map.of("type", "SIGNED", "handlerId", holder)).statusCode(200);
        c.signed = true;
        c.signBy = OffsetDateTime.parse(dispute(c.id).path("dispute").path("assignment").path("signBy").asText());
        // The catch-up keeps the deadline of the assignment signed, before anything can replace it.
        facts.catchUp();
    }

    private void resolve(Case c, String outcome) {
        String holder = dispute(c.id).path("dispute").path("assignment").path("handlerId").asText();
        event(c.id, Map.of("type", "RESOLVED", "handlerId", holder, "outcome", outcome, "note", "办结")).statusCode(200);
        c.resolved = true;
        c.outcome = outcome;
    }

    private void feedbackAndEvaluate(Case c, String myd, boolean closes) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            relay.relay(HOTLINE);
            assertThat(dispute(c.id).path("dispute").path("status").asText()).isEqualTo("FEEDBACK_SENT");
        });
        evaluate(c.gdbh, myd).statusCode(200).body("status", equalTo(closes ? "CLOSED" : "REOPENED"));
        c.satisfied = closes;
        c.open = !closes;
        if (!closes) {
            awaitStatus(c, "REOPENED");
        }
    }

    private void awaitStatus(Case c, String status) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode d = dispute(c.id);
            assertThat(d.path("dispute").path("status").asText()).isEqualTo(status);
            if (status.equals("DISPATCHED")) {
                List<String> events = new ArrayList<>();
                d.path("history").forEach(h -> events.add(h.path("event").asText()));
                // A reassignment is dispatched when the broker confirms it: the history says so.
                assertThat(events.get(events.size() - 1)).isEqualTo("DISPATCHED");
            }
        });
    }

    /** The times the figures depend on, as the dispute's record shows them. */
    private void read(Case c) {
        JsonNode d = dispute(c.id);
        c.receivedAt = OffsetDateTime.parse(d.path("dispute").path("source").path("receivedAt").asText());
        c.month = YearMonth.from(GatewayTime.inZone(c.receivedAt));
        c.handler = d.path("dispute").path("assignment").path("handlerId").asText();
        c.dueAt = OffsetDateTime.parse(d.path("dispute").path("assignment").path("dueAt").asText());
        for (JsonNode h : d.path("history")) {
            OffsetDateTime at = OffsetDateTime.parse(h.path("at").asText());
            if (h.path("event").asText().equals("SIGNED") && c.signedAt == null) {
                c.signedAt = at;
            }
            if (h.path("event").asText().equals("RESOLVED")) {
                c.resolvedAt = at;
            }
        }
        String status = d.path("dispute").path("status").asText();
        c.open = List.of("RECEIVED", "DISPATCHED", "SIGNED", "IN_PROGRESS", "RETURNED", "ESCALATED", "REOPENED")
                .contains(status);
        assertThat(c.open).isEqualTo(!c.resolved);
    }

    // --- the counts, made here from what was done ---

    private static Map<String, Object> expected(List<Case> all, Predicate<Case> in) {
        List<Case> cases = all.stream().filter(in).toList();
        OffsetDateTime now = now();
        Map<String, Object> f = new LinkedHashMap<>();
        long received = cases.size();
        long signed = count(cases, c -> c.signed);
        long signedOnTime = count(cases, c -> c.signed && !c.signedAt.isAfter(c.signBy));
        long resolved = count(cases, c -> c.resolved);
        long resolvedOnTime = count(cases, c -> c.resolved && !c.resolvedAt.isAfter(c.dueAt));
        long concluded = count(cases, c -> c.resolved && List.of("MEDIATED", "FAILED").contains(c.outcome));
        long mediated = count(cases, c -> c.resolved && "MEDIATED".equals(c.outcome));
        long returned = count(cases, c -> c.returned);
        long evaluated = count(cases, c -> c.satisfied != null);
        long satisfied = count(cases, c -> Boolean.TRUE.equals(c.satisfied));
        long court = count(cases, c -> c.resolved && COURT.equals(c.source));
        long courtMediated = count(cases, c -> c.resolved && COURT.equals(c.source) && "MEDIATED".equals(c.outcome));
        f.put("received", received);
        f.put("dispatched", received);
        f.put("signed", signed);
        f.put("signedOnTime", signedOnTime);
        f.put("resolved", resolved);
        f.put("resolvedOnTime", resolvedOnTime);
        f.put("mediationConcluded", concluded);
        f.put("mediatedSuccessfully", mediated);
        f.put("returned", returned);
        f.put("extended", count(cases, c -> c.extended));
        f.put("overdueNow", count(cases, c -> c.open && c.dueAt.isBefore(now)));
        f.put("escalated", count(cases, c -> c.escalated));
        f.put("reopened", count(cases, c -> c.reopened));
        f.put("evaluated", evaluated);
        f.put("satisfied", satisfied);
        f.put("courtCases", court);
        f.put("courtResolvedBeforeLitigation", courtMediated);
        List<Double> hours = cases.stream().filter(c -> c.resolved)
                .map(c -> Duration.between(c.receivedAt, c.resolvedAt).toMillis() / 3_600_000.0).sorted().toList();
        f.put("averageHandlingHours", hours.isEmpty() ? null
                : hours.stream().mapToDouble(Double::doubleValue).average().getAsDouble());
        f.put("p90HandlingHours", p90(hours));
        f.put("signedOnTimeRate", rate(signedOnTime, signed));
        f.put("resolvedOnTimeRate", rate(resolvedOnTime, resolved));
        f.put("mediationSuccessRate", rate(mediated, concluded));
        f.put("returnRate", rate(returned, received));
        f.put("satisfactionRate", rate(satisfied, evaluated));
        f.put("preLitigationResolutionRate", rate(courtMediated, court));
        return f;
    }

    /**
     * The bucket bounds of docs/statistics.md, in hours: 1, 2, 4, 8, 12, 24, every day to 30 days, then
     * 35, 40, 45, 50, 60, 75, 90, 120, 180, 270, 365, 730, 1825 and 3650 days.
     */
    static final int[] BOUNDS = { 1, 2, 4, 8, 12, 24, 48, 72, 96, 120, 144, 168, 192, 216, 240, 264, 288, 312, 336,
            360, 384, 408, 432, 456, 480, 504, 528, 552, 576, 600, 624, 648, 672, 696, 720, 840, 960, 1080, 1200, 1440,
            1800, 2160, 2880, 4320, 6480, 8760, 17520, 43800, 87600 };

    /** The bucket of a handling time: the first bound at or above it (BOUNDS.length: above them all). */
    private static int bucketOf(Duration handling) {
        double hours = handling.toSeconds() / 3600.0;
        int i = 0;
        while (i < BOUNDS.length && hours > BOUNDS[i]) {
            i++;
        }
        return i;
    }

    /**
     * The p90 as docs/statistics.md defines it: the bound of the bucket of the ⌈0.9·n⌉-th shortest of the
     * n handling times (sorted), the last bound for one above it.
     */
    private static Double p90(List<Double> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (9 * sorted.size() + 9) / 10; // ⌈0.9·n⌉ without rounding errors
        double t = sorted.get(rank - 1);
        for (int bound : BOUNDS) {
            if (t <= bound) {
                return (double) bound;
            }
        }
        return (double) BOUNDS[BOUNDS.length - 1];
    }

    private static Double rate(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }

    private static long count(List<Case> cases, Predicate<Case> p) {
        return cases.stream().filter(p).count();
    }

    private static void assertFigures(JsonNode actual, Map<String, Object> expected, String where) {
        for (var e : expected.entrySet()) {
            JsonNode value = actual.path(e.getKey());
            String what = where + " " + e.getKey();
            if (e.getValue() == null) {
                assertThat(value.isNull()).as(what + " is null, was " + value).isTrue();
            } else if (e.getValue() instanceof Long l) {
                assertThat(value.asLong()).as(what).isEqualTo(l);
            } else {
                // Handling hours: the ledger keeps whole seconds of it.
                assertThat(value.asDouble()).as(what).isCloseTo((Double) e.getValue(), within(0.001));
            }
        }
    }

    /** Each count of each row grew by the test's cases of that row; the rates are the row's counts' ratios. */
    private void assertGrowth(JsonNode before, JsonNode after, List<Case> cases, Map<String, Predicate<Case>> keys) {
        for (var key : keys.entrySet()) {
            JsonNode was = key.getKey().isEmpty() ? before.path("total") : row(before, key.getKey()).path("figures");
            JsonNode is = key.getKey().isEmpty() ? after.path("total") : row(after, key.getKey()).path("figures");
            Map<String, Object> grown = expected(cases, key.getValue());
            // Overdue now is not a growth: other tests' open disputes of these months age with the clock.
            grown.remove("overdueNow");
            for (var e : grown.entrySet()) {
                if (e.getValue() instanceof Long l) {
                    assertThat(is.path(e.getKey()).asLong() - was.path(e.getKey()).asLong())
                            .as(key.getKey() + " " + e.getKey()).isEqualTo(l);
                }
            }
            assertRate(is, "signedOnTimeRate", "signedOnTime", "signed");
            assertRate(is, "resolvedOnTimeRate", "resolvedOnTime", "resolved");
            assertRate(is, "mediationSuccessRate", "mediatedSuccessfully", "mediationConcluded");
            assertRate(is, "returnRate", "returned", "dispatched");
            assertRate(is, "satisfactionRate", "satisfied", "evaluated");
            assertRate(is, "preLitigationResolutionRate", "courtResolvedBeforeLitigation", "courtCases");
        }
    }

    private static void assertRate(JsonNode figures, String rate, String numerator, String denominator) {
        long d = figures.path(denominator).asLong();
        if (d == 0) {
            assertThat(figures.path(rate).isNull()).as(rate).isTrue();
        } else {
            assertThat(figures.path(rate).asDouble()).as(rate)
                    .isCloseTo((double) figures.path(numerator).asLong() / d, within(1e-12));
        }
    }

    private static Map<String, Predicate<Case>> byKey(List<Case> cases, Function<Case, String> key) {
        Map<String, Predicate<Case>> keys = new LinkedHashMap<>();
        for (Case c : cases) {
            String k = key.apply(c);
            keys.putIfAbsent(k, x -> k.equals(key.apply(x)));
        }
        return keys;
    }

    // --- reading ---

    private JsonNode overview(LocalDate from, LocalDate to, String by) {
        String body = as(CENTRE).get("/api/v1/statistics?area=" + COUNTY + "&from=" + from + "&to=" + to
                + (by.isEmpty() ? "" : "&by=" + by)).then().statusCode(200).extract().asString();
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode declines(YearMonth month) {
        String body = as(CENTRE).get("/api/v1/statistics/declines?area=" + COUNTY + "&month=" + month).then()
                .statusCode(200).extract().asString();
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A row of a breakdown; an empty one (all zero) where there is none yet. */
    private static JsonNode row(JsonNode overview, String key) {
        for (JsonNode row : overview.path("rows")) {
            if (row.path("key").asText().equals(key)) {
                return row;
            }
        }
        return new ObjectMapper().createObjectNode().put("key", key).set("figures",
                new ObjectMapper().createObjectNode());
    }

    private static JsonNode withoutAsOf(JsonNode overview) {
        ObjectNode copy = overview.deepCopy();
        copy.remove("asOf");
        return copy;
    }

    private JsonNode dispute(String id) {
        String body = as(CENTRE).get("/api/v1/disputes/" + id).then().statusCode(200).extract().asString();
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime now() {
        return GatewayTime.now(new TestClock());
    }

    private static RequestSpecification as(String user) {
        return given().header("Authorization", SignedSources.basic(user));
    }
}
