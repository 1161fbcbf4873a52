package org.fengqiao.gateway.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.fengqiao.gateway.assessment.AssessmentSchedule;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.ledger.InstanceLeases;
import org.fengqiao.gateway.privacy.Masking;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.TestClock;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.fengqiao.gateway.warning.RiskWarning;
import org.fengqiao.gateway.warning.RiskWarnings;
import org.fengqiao.gateway.warning.WarningRounds;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The centre's dashboard and the monthly assessment workbook against a known set of disputes made
 * through the real doors (hotline work orders, handler events over the API) on a day of their own:
 * two townships no other test uses, 马剑镇 (four disputes: two resolved, one mediated successfully
 * and one not, one signed and open, one unsigned past the deadline the hotline set) and 陈宅镇 (two:
 * one mediated, one returned twice and so escalated to the task force). The figures the browser reads
 * and the workbook holds are compared with counts made here from what was done.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class DashboardConsoleTest {

    static final String CENTRE = "330681-CENTRE";
    static final String MAJIAN = "330681111";
    static final String CHENZHAI = "330681120";
    static final String TRIAGE = "330681-TRIAGE";
    /** The parties' phone number, this run's own: the repeat-party rule keys on it across the six disputes. */
    static final String PHONE = "137" + String.format("%08d", new java.util.Random().nextInt(100_000_000));
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One dispute of the set and what was done with it. */
    record Made(String id, String township, boolean signed, String outcome, boolean returned, boolean escalated) {

        boolean resolved() {
            return outcome != null;
        }
    }

    /** The set, made once for the class: the day it was received on and its disputes. */
    record Fixture(LocalDate day, List<Made> disputes, String idNumber) {

        List<Made> of(String township) {
            return disputes.stream().filter(d -> township == null || d.township().equals(township)).toList();
        }

        long count(String township, java.util.function.Predicate<Made> p) {
            return of(township).stream().filter(p).count();
        }
    }

    private static Fixture fixture;

    @TestHTTPResource("/")
    URL base;
    @Inject
    AssessmentSchedule schedule;
    @Inject
    RiskWarnings warnings;
    @Inject
    WarningRounds rounds;
    @Inject
    InstanceLeases leases;

    @Test
    void theCountyCentreReadsItsFiguresOnTheDashboard() {
        Fixture f = fixture(rounds);
        String day = f.day().toString();
        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), CENTRE);
        assertThat(browser.findElement(By.id("to-dashboard")).getText()).isEqualTo("统计看板");
        browser.findElement(By.id("to-dashboard")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("figures")));

        String page = base + "console/centre/dashboard?from=" + day + "&to=" + day + "&figure=received";
        long received = f.disputes().size();
        // The statistics follow the ledger a few seconds behind: the page says as of when.
        ConsoleBrowser.wait(browser).until(b -> {
            b.get(page);
            return Long.toString(received).equals(b.findElement(By.id("fig-received")).getText())
                    && Long.toString(f.count(null, Made::resolved)).equals(b.findElement(By.id("fig-resolved")).getText())
                    && Long.toString(escalated(f, null)).equals(b.findElement(By.id("fig-escalated")).getText());
        });
        assertThat(figure(browser, "received")).isEqualTo("6");
        assertThat(figure(browser, "dispatched")).isEqualTo(Long.toString(received));
        assertThat(figure(browser, "signed")).isEqualTo(Long.toString(f.count(null, Made::signed)));
        assertThat(figure(browser, "resolved")).isEqualTo(Long.toString(f.count(null, Made::resolved)));
        long concluded = f.count(null, d -> d.resolved());
        long mediated = f.count(null, d -> "MEDIATED".equals(d.outcome()));
        assertThat(figure(browser, "mediationConcluded")).isEqualTo(Long.toString(concluded));
        assertThat(figure(browser, "mediatedSuccessfully")).isEqualTo(Long.toString(mediated));
        assertThat(figure(browser, "mediationSuccessRate")).isEqualTo(percent(mediated, concluded));
        assertThat(figure(browser, "returned")).isEqualTo(Long.toString(f.count(null, Made::returned)));
        assertThat(figure(browser, "returnRate")).isEqualTo(percent(f.count(null, Made::returned), received));
        assertThat(figure(browser, "escalated")).isEqualTo(Long.toString(escalated(f, null)));
        assertThat(figure(browser, "overdueNow")).isEqualTo(Long.toString(overdueNow(f, null)));
        assertThat(figure(browser, "satisfactionRate")).as("nobody evaluated: no rate, not 0").isEqualTo("—");

        // Every figure states its definition beside it.
        WebElement rate = browser.findElement(By.cssSelector("#figures tr[data-figure='mediationSuccessRate']"));
        assertThat(rate.findElements(By.cssSelector("td.definition"))).hasSize(3);
        assertThat(rate.findElements(By.cssSelector("td.definition")).get(0).getText()).isNotBlank();
        assertThat(rate.findElements(By.cssSelector("td.definition")).get(1).getText()).isNotBlank();

        // The ranking and the tiles by the chosen figure: 马剑镇 before 陈宅镇 by received.
        List<String> ranked = browser.findElements(By.cssSelector("#ranking tbody tr")).stream()
                .map(r -> r.getAttribute("data-township")).toList();
        assertThat(ranked).containsExactly(MAJIAN, CHENZHAI);
        assertThat(browser.findElement(By.cssSelector("#ranking tr[data-township='" + MAJIAN + "'] td.value"))
                .getText()).isEqualTo(Long.toString(f.of(MAJIAN).size()));
        WebElement tile = browser.findElement(By.cssSelector("#tiles .tile[data-township='" + MAJIAN + "']"));
        assertThat(tile.getText()).contains("马剑镇", Long.toString(f.of(MAJIAN).size()));
        assertThat(tile.getAttribute("class")).contains("level-5");
        assertThat(browser.findElements(By.cssSelector("#tiles .tile"))).as("every township of 诸暨市 a tile")
                .hasSize(23);
        assertThat(browser.findElement(By.cssSelector("#tiles .tile[data-township='330681001']")).getAttribute("class"))
                .contains("level-0");

        // ECharts drew the charts (a canvas in each container), its script served under the CSP.
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#chart-trend canvas")));
        assertThat(browser.findElements(By.cssSelector("#chart-category canvas"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#chart-source canvas"))).isNotEmpty();
        ConsoleBrowser.screenshot(browser, "centre-dashboard");

        // Ranked by 调解成功率 instead: the figure chosen in the form.
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("figure")))
                .selectByValue("mediationSuccessRate");
        browser.findElement(By.id("apply")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#ranking thead"), "调解成功率"));
        assertThat(browser.findElement(By.cssSelector("#ranking tr[data-township='" + CHENZHAI + "'] td.value"))
                .getText()).isEqualTo(percent(f.count(CHENZHAI, d -> "MEDIATED".equals(d.outcome())),
                        f.count(CHENZHAI, Made::resolved)));
        assertThat(browser.findElements(By.cssSelector("#ranking tbody tr")).get(0).getAttribute("data-township"))
                .as("100% before 50%").isEqualTo(CHENZHAI);
    }

    @Test
    void theCentreDownloadsTheMonthsWorkbookFromTheDashboard() throws IOException {
        Fixture f = fixture(rounds);
        waitForStatistics(f);
        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), CENTRE);
        browser.get(base + "console/centre/dashboard");
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("assessment-form")));
        YearMonth month = YearMonth.from(f.day());
        WebElement monthField = browser.findElement(By.id("report-month"));
        // A month input takes what is typed in the browser's own way; set its value as a form would hold it.
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]",
                monthField, month.toString());
        Path file = ConsoleBrowser.download(browser, "考核报表-330681-" + month, ".xlsx",
                () -> browser.findElement(By.id("download-assessment")).click());
        try (InputStream in = Files.newInputStream(file); Workbook book = new XSSFWorkbook(in)) {
            checkWorkbook(book, f);
        }
    }

    @Test
    void theWorkbookOverTheApiHoldsTheTownshipsFiguresTheOverdueAndEscalatedAndTheWarnings() throws IOException {
        Fixture f = fixture(rounds);
        waitForStatistics(f);
        YearMonth month = YearMonth.from(f.day());
        byte[] bytes = given().header("X-Handler-Id", CENTRE).queryParam("county", "330681")
                .queryParam("month", month.toString()).get("/api/v1/reports/assessment").then().statusCode(200)
                .contentType(containsString("spreadsheetml"))
                .header("Content-Disposition", matchesPattern("attachment; filename=\"assessment-330681-"
                        + month + "\\.xlsx\"; filename\\*=UTF-8''%E8%80%83%E6%A0%B8.*"))
                .extract().asByteArray();
        try (Workbook book = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            checkWorkbook(book, f);
        }
        // The city's centre may have it too, and on its dashboard picks the county.
        given().header("X-Handler-Id", "3306-CENTRE").queryParam("county", "330681")
                .queryParam("month", month.toString()).get("/api/v1/reports/assessment").then().statusCode(200);
        String city = ConsoleSecurityTest.signIn("3306-CENTRE").getCookie(ConsoleSecurityTest.SESSION);
        String page = given().cookie(ConsoleSecurityTest.SESSION, city).queryParam("county", "330681")
                .queryParam("from", f.day().toString()).queryParam("to", f.day().toString())
                .get("/console/centre/dashboard").then().statusCode(200).extract().asString();
        assertThat(page).contains("<option value=\"330681\" selected>诸暨市</option>",
                "id=\"fig-received\">" + f.disputes().size() + "<", "data-township=\"" + MAJIAN + "\"");
    }

    @Test
    void aTownshipClerkIsRefusedAndABadCountyOrMonthIsNamed() {
        String month = YearMonth.now(new TestClock()).toString();
        given().header("X-Handler-Id", MAJIAN).queryParam("county", "330681").queryParam("month", month)
                .get("/api/v1/reports/assessment").then().statusCode(403)
                .contentType(containsString("application/problem+json"));
        given().header("X-Handler-Id", "330681-TRIAGE").queryParam("county", "330681").queryParam("month", month)
                .get("/api/v1/reports/assessment").then().statusCode(403);
        given().header("X-Handler-Id", "330602-CENTRE").queryParam("county", "330681").queryParam("month", month)
                .get("/api/v1/reports/assessment").then().statusCode(403);
        given().header("X-Handler-Id", CENTRE).queryParam("county", "33068").queryParam("month", "2026-13")
                .get("/api/v1/reports/assessment").then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors.field", equalTo(List.of("county", "month")));
        given().header("X-Handler-Id", CENTRE).header("Accept-Language", "zh-CN").queryParam("county", "330681")
                .queryParam("month", YearMonth.now(new TestClock()).plusMonths(1).toString())
                .get("/api/v1/reports/assessment").then().statusCode(400)
                .body("errors.field", equalTo(List.of("month"))).body("errors[0].message", containsString("不晚于本月"));

        // The console: no dashboard, no link and no workbook for a township.
        String session = ConsoleSecurityTest.signIn(MAJIAN).getCookie(ConsoleSecurityTest.SESSION);
        given().cookie(ConsoleSecurityTest.SESSION, session).get("/console/centre/dashboard").then().statusCode(404);
        given().cookie(ConsoleSecurityTest.SESSION, session).queryParam("county", "330681").queryParam("month", month)
                .get("/console/centre/dashboard/assessment.xlsx").then().statusCode(404)
                .header("Content-Disposition", (String) null);
        given().cookie(ConsoleSecurityTest.SESSION, session).get("/console/").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("to-dashboard")));
    }

    @Test
    void theScheduleWritesLastMonthsWorkbookOnceIntoTheFolder() throws Exception {
        Fixture f = fixture(rounds);
        waitForStatistics(f);
        YearMonth month = YearMonth.from(f.day());
        Path folder = Files.createTempDirectory("assessment-folder-");
        List<Path> written = schedule.write(month, folder, List.of("330681"));
        Path expected = folder.resolve("assessment-330681-" + month + ".xlsx");
        assertThat(written).containsExactly(expected);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.toList()).as("the workbook only: no partial file left").containsExactly(expected);
        }
        try (InputStream in = Files.newInputStream(expected); Workbook book = new XSSFWorkbook(in)) {
            checkWorkbook(book, f);
        }
        // Run again (another instance's schedule, or a restart): the month's file is there, nothing is rewritten.
        long size = Files.size(expected);
        assertThat(schedule.write(month, folder, List.of("330681"))).isEmpty();
        assertThat(Files.size(expected)).isEqualTo(size);

        // Another instance holds the county's lease for the month before: this one writes nothing of it.
        YearMonth before = month.minusMonths(1);
        assertThat(leases.tryAcquire("assessment-330681-" + before, "another-instance",
                OffsetDateTime.now(new TestClock()), Duration.ofHours(1))).isTrue();
        assertThat(schedule.write(before, folder, List.of("330681"))).isEmpty();
        assertThat(folder.resolve("assessment-330681-" + before + ".xlsx")).doesNotExist();
    }

    /** Sheets, headers, the two townships' figures, the overdue and escalated rows, warnings, masking. */
    private void checkWorkbook(Workbook book, Fixture f) {
        List<String> names = new ArrayList<>();
        book.forEach(s -> names.add(s.getSheetName()));
        assertThat(names.get(0)).isEqualTo("全县汇总");
        assertThat(names).contains("暨阳街道", "店口镇", "马剑镇", "陈宅镇", "东和乡", "超期及提级纠纷", "风险预警");
        assertThat(names.subList(1, 24)).as("the county's townships in the gazetteer's order").startsWith("暨阳街道")
                .endsWith("东和乡");

        for (String township : List.of(MAJIAN, CHENZHAI)) {
            Sheet sheet = book.getSheet(MAJIAN.equals(township) ? "马剑镇" : "陈宅镇");
            assertThat(texts(sheet.getRow(1))).containsExactly("指标", "数值", "分子", "分母", "计入口径");
            long received = f.of(township).size();
            long concluded = f.count(township, Made::resolved);
            long mediated = f.count(township, d -> "MEDIATED".equals(d.outcome()));
            assertThat(number(sheet, "接收")).isEqualTo(received);
            assertThat(number(sheet, "交办")).isEqualTo(received);
            assertThat(number(sheet, "签收")).isEqualTo(f.count(township, Made::signed));
            assertThat(number(sheet, "办结")).isEqualTo(concluded);
            assertThat(number(sheet, "调解结案")).isEqualTo(concluded);
            assertThat(number(sheet, "调解成功")).isEqualTo(mediated);
            assertThat(fraction(sheet, "调解成功率")).isEqualTo((double) mediated / concluded);
            assertThat(number(sheet, "退单")).isEqualTo(f.count(township, Made::returned));
            assertThat(number(sheet, "提级专班")).isEqualTo(escalated(f, township));
            assertThat(number(sheet, "当前超期")).isEqualTo(overdueNow(f, township));
            assertThat(text(sheet, "满意率")).isEqualTo("—");
        }
        Sheet untouched = book.getSheet("东和乡");
        assertThat(untouched.getRow(2).getCell(0).getStringCellValue()).isEqualTo("接收");

        Sheet attention = book.getSheet("超期及提级纠纷");
        assertThat(texts(attention.getRow(0))).containsExactly("纠纷编号", "标题", "状态", "来源", "类别", "镇街", "承办单位",
                "接收时间", "办理期限", "当前超期", "曾提级专班");
        Map<String, List<String>> listed = new java.util.HashMap<>();
        for (Row row : attention) {
            if (row.getRowNum() > 0) {
                listed.put(row.getCell(0).getStringCellValue(), texts(row));
            }
        }
        Set<String> ours = new java.util.HashSet<>();
        f.disputes().forEach(d -> ours.add(d.id()));
        List<String> overdueOrEscalated = f.disputes().stream()
                .filter(d -> d.escalated() || overdue(d.id())).map(Made::id).toList();
        assertThat(listed.keySet().stream().filter(ours::contains).toList())
                .containsExactlyInAnyOrderElementsOf(overdueOrEscalated);
        Made escalatedOne = f.disputes().stream().filter(Made::escalated).findFirst().orElseThrow();
        List<String> row = listed.get(escalatedOne.id());
        assertThat(row.get(1)).as("the title masked as the centre's list shows it")
                .isEqualTo("申请人" + Masking.idNumber(f.idNumber()) + "来电" + Masking.phone(PHONE) + "反映噪音");
        assertThat(row.subList(2, 11)).containsExactly("已提级", "12345热线", "邻里", "陈宅镇", "诸暨市矛盾纠纷化解联合专班",
                row.get(7), row.get(8), overdue(escalatedOne.id()) ? "是" : "否", "是");
        Made late = f.disputes().stream().filter(d -> !d.signed() && !d.escalated()).findFirst().orElseThrow();
        assertThat(listed.get(late.id()).subList(9, 11)).as("unsigned past the hotline's deadline")
                .containsExactly("是", "否");

        Sheet warned = book.getSheet("风险预警");
        assertThat(texts(warned.getRow(0))).containsExactly("预警编号", "预警规则", "预警对象", "镇街", "预警时间", "关联纠纷",
                "状态", "确认人", "确认时间", "确认说明");
        YearMonth month = YearMonth.from(f.day());
        List<RiskWarning> raised = warnings.list("330681", month.atDay(1), month.atEndOfMonth());
        Map<String, List<String>> warningRows = new java.util.HashMap<>();
        for (Row r : warned) {
            if (r.getRowNum() > 0) {
                warningRows.put(r.getCell(0).getStringCellValue(), texts(r));
            }
        }
        assertThat(warningRows.keySet()).as("every warning of the month, one row each")
                .containsExactlyInAnyOrderElementsOf(raised.stream().map(w -> Long.toString(w.id())).toList());
        for (RiskWarning w : raised) {
            List<String> cells = warningRows.get(Long.toString(w.id()));
            assertThat(cells.get(1)).isEqualTo(w.ruleName());
            assertThat(cells.get(5)).isEqualTo(String.join("、", w.disputeIds()));
        }
        // The six share a party's phone number: the repeat-party rule (3 in 30 days) warned of them.
        List<String> six = f.disputes().stream().map(Made::id).toList();
        List<String> repeat = warningRows.values().stream()
                .filter(cells -> "重复访、缠访".equals(cells.get(1)) && List.of(cells.get(5).split("、")).containsAll(six))
                .findFirst().orElseThrow(() -> new AssertionError("no 重复访、缠访 row naming " + six + ": " + warningRows));
        assertThat(repeat.get(3)).as("township of the first evidence").isIn("马剑镇", "陈宅镇", "");
        assertThat(repeat.get(6)).isEqualTo("待确认");

        String everything = allText(book);
        assertThat(everything).as("no clear ID or phone number anywhere in the workbook")
                .doesNotContain(f.idNumber()).doesNotContain(PHONE);
    }

    // --- the known set -------------------------------------------------------------------------

    private static synchronized Fixture fixture(WarningRounds rounds) {
        if (fixture != null) {
            return fixture;
        }
        // A day of its own: the clock moved to 10:00 (Beijing) of the day after its own today, which
        // no dispute made before can have been received on.
        LocalDate today = LocalDate.ofInstant(new TestClock().instant(), GatewayTime.ZONE);
        TestClock.moveTo(today.plusDays(1).atTime(10, 0).atZone(GatewayTime.ZONE).toOffsetDateTime());
        LocalDate day = today.plusDays(1);
        String idNumber = IdNumbers.random();
        List<Made> made = new ArrayList<>();

        String a1 = post("诸暨市马剑镇马剑村10号", null, "邻居装修噪音扰民", null);
        sign(a1, MAJIAN);
        resolve(a1, MAJIAN, "MEDIATED");
        made.add(new Made(a1, MAJIAN, true, "MEDIATED", false, false));
        String a2 = post("诸暨市马剑镇马剑村12号", null, "邻居装修噪音扰民", null);
        sign(a2, MAJIAN);
        resolve(a2, MAJIAN, "FAILED");
        made.add(new Made(a2, MAJIAN, true, "FAILED", false, false));
        String a3 = post("诸暨市马剑镇马剑村14号", null, "邻居装修噪音扰民", null);
        sign(a3, MAJIAN);
        made.add(new Made(a3, MAJIAN, true, null, false, false));
        // The hotline's own deadline (blsx), already past: unsigned and overdue from the start.
        LocalDateTime past = LocalDateTime.ofInstant(new TestClock().instant(), GatewayTime.ZONE).minusHours(1);
        String a4 = post("诸暨市马剑镇马剑村16号", LOCAL.format(past), "邻居装修噪音扰民", null);
        made.add(new Made(a4, MAJIAN, false, null, false, false));

        // Returned, reassigned by the triage desk, returned again: the task force takes it over.
        String b1 = post("诸暨市陈宅镇陈宅村3号", null, "申请人" + idNumber + "来电" + PHONE + "反映噪音", idNumber);
        GatewayApi.event(b1, Map.of("type", "RETURNED", "handlerId", CHENZHAI, "reason", "需多部门处理"))
                .statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> TRIAGE.equals(GatewayApi.handler(b1)));
        GatewayApi.event(b1, Map.of("type", "REASSIGNED", "handlerId", TRIAGE, "toHandlerId", CHENZHAI,
                "reason", "属陈宅镇")).statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> CHENZHAI.equals(GatewayApi.handler(b1)));
        GatewayApi.event(b1, Map.of("type", "RETURNED", "handlerId", CHENZHAI, "reason", "仍需多部门处理"))
                .statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "330681-TASKFORCE".equals(GatewayApi.handler(b1)));
        made.add(new Made(b1, CHENZHAI, false, null, true, true));
        String b2 = post("诸暨市陈宅镇陈宅村5号", null, "邻居装修噪音扰民", null);
        sign(b2, CHENZHAI);
        resolve(b2, CHENZHAI, "MEDIATED");
        made.add(new Made(b2, CHENZHAI, true, "MEDIATED", false, false));

        // The warnings' round over the new arrivals (its timer is off in tests): one party in six disputes.
        try {
            rounds.arrivals();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        fixture = new Fixture(day, List.copyOf(made), idNumber);
        return fixture;
    }

    private static String post(String address, String blsx, String title, String idNumber) {
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        order.put("fsdz", "浙江省绍兴市" + address);
        order.put("sqbt", title);
        order.put("sqr", Map.of("xm", "测试丙", "sfzh", idNumber == null ? IdNumbers.random() : idNumber,
                "lxdh", PHONE));
        if (blsx != null) {
            order.put("blsx", blsx);
        }
        String id = given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202).extract().path("disputeId");
        String township = address.contains("马剑镇") ? MAJIAN : CHENZHAI;
        assertThat(GatewayApi.handler(id)).as("routed to the township of its address").isEqualTo(township);
        return id;
    }

    private static void sign(String id, String handler) {
        GatewayApi.event(id, Map.of("type", "SIGNED", "handlerId", handler)).statusCode(200);
    }

    private static void resolve(String id, String handler, String outcome) {
        GatewayApi.event(id, Map.of("type", "RESOLVED", "handlerId", handler, "outcome", outcome, "note", "已处理"))
                .statusCode(200);
    }

    /** Escalated to the task force, as the ledger's history of each dispute says. */
    private static long escalated(Fixture f, String township) {
        return f.of(township).stream().filter(d -> given().get("/api/v1/disputes/" + d.id()).then().extract()
                .<List<String>>path("history.event").contains("ESCALATED")).count();
    }

    /** Open past its deadline now, from the dispute as the read API gives it. */
    private static boolean overdue(String id) {
        var answer = given().get("/api/v1/disputes/" + id).then().extract();
        String status = answer.path("dispute.status");
        String due = answer.path("dispute.assignment.dueAt");
        return due != null && OffsetDateTime.parse(due).isBefore(OffsetDateTime.now(new TestClock()))
                && Set.of("RECEIVED", "DISPATCHED", "SIGNED", "IN_PROGRESS", "RETURNED", "ESCALATED", "REOPENED")
                        .contains(status);
    }

    private static long overdueNow(Fixture f, String township) {
        return f.of(township).stream().filter(d -> overdue(d.id())).count();
    }

    /** Until the statistics have caught up with the set (the township's received count in the workbook's source). */
    private void waitForStatistics(Fixture f) {
        String session = ConsoleSecurityTest.signIn(CENTRE).getCookie(ConsoleSecurityTest.SESSION);
        String day = f.day().toString();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> given()
                .cookie(ConsoleSecurityTest.SESSION, session).queryParam("from", day).queryParam("to", day)
                .get("/console/centre/dashboard").then().extract().asString()
                .contains("id=\"fig-resolved\">" + f.count(null, Made::resolved) + "<"));
    }

    private static String figure(WebDriver browser, String key) {
        return browser.findElement(By.id("fig-" + key)).getText();
    }

    private static String percent(long numerator, long denominator) {
        return denominator == 0 ? "—" : String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * numerator / denominator);
    }

    private static Cell valueOf(Sheet sheet, String name) {
        for (Row row : sheet) {
            Cell first = row.getCell(0);
            if (first != null && first.getCellType() == CellType.STRING && name.equals(first.getStringCellValue())) {
                return row.getCell(1);
            }
        }
        throw new AssertionError("no figure " + name + " on " + sheet.getSheetName());
    }

    private static long number(Sheet sheet, String name) {
        Cell cell = valueOf(sheet, name);
        assertThat(cell.getCellType()).as("%s on %s", name, sheet.getSheetName()).isEqualTo(CellType.NUMERIC);
        return (long) cell.getNumericCellValue();
    }

    private static double fraction(Sheet sheet, String name) {
        Cell cell = valueOf(sheet, name);
        assertThat(cell.getCellStyle().getDataFormatString()).isEqualTo("0.0%");
        return cell.getNumericCellValue();
    }

    private static String text(Sheet sheet, String name) {
        return valueOf(sheet, name).getStringCellValue();
    }

    private static List<String> texts(Row row) {
        List<String> cells = new ArrayList<>();
        for (Cell c : row) {
            cells.add(c.getCellType() == CellType.NUMERIC ? Double.toString(c.getNumericCellValue())
                    : c.getStringCellValue());
        }
        return cells;
    }

    private static String allText(Workbook book) {
        StringBuilder all = new StringBuilder();
        book.forEach(sheet -> sheet.forEach(row -> all.append(texts(row)).append('\n')));
        return all.toString();
    }
}
