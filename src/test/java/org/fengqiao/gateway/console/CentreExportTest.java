package org.fengqiao.gateway.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.privacy.Masking;
import org.fengqiao.gateway.security.StaffCaller;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.TestClock;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The county centre's list as a file: in a real browser the centre filters, clicks 导出 Excel and
 * gets a workbook under its Chinese name, which reads back with Chinese headers, the dispute's row
 * as the list shows it and no party's number in the clear anywhere; the CSV over HTTP has its
 * byte-order mark, header and a title that would be a formula neutralised; a township has no export.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class CentreExportTest {

    static final String CENTRE = "330681-CENTRE";
    static final String DIANKOU = "330681104";
    static final String PHONE = "13900001111";

    @TestHTTPResource("/")
    URL base;

    @Inject
    CentreList list;

    @Test
    void theCentreDownloadsItsFilteredListAsAWorkbookWithNumbersMasked() throws IOException {
        String idNumber = IdNumbers.random();
        String gdbh = WorkOrders.newGdbh();
        String id = postWorkOrder(gdbh, idNumber, "申请人" + idNumber + "来电" + PHONE + "反映噪音");
        String other = postWorkOrder(WorkOrders.newGdbh(), IdNumbers.random(), "邻居装修噪音扰民");

        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), CENTRE);
        browser.get(base + "console/centre");
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("centre-filters")));
        browser.findElement(By.id("recordId")).sendKeys(gdbh);
        browser.findElement(By.id("search")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("total"), "共 1 件"));
        ConsoleBrowser.screenshot(browser, "centre-export-links");

        Path file = ConsoleBrowser.download(browser, "纠纷清单-330681-", ".xlsx",
                () -> browser.findElement(By.id("export-xlsx")).click());
        String today = DateTimeFormatter.BASIC_ISO_DATE.format(LocalDate.ofInstant(new TestClock().instant(),
                GatewayTime.ZONE));
        assertThat(file.getFileName().toString()).as("the Chinese name, with the Beijing date")
                .isEqualTo("纠纷清单-330681-" + today + ".xlsx");

        List<List<String>> rows = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook book = new XSSFWorkbook(in)) {
            Sheet sheet = book.getSheetAt(0);
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                for (Cell cell : row) {
                    assertThat(cell.getCellType()).as("cell %s", cell.getAddress()).isEqualTo(CellType.STRING);
                    cells.add(cell.getStringCellValue());
                }
                rows.add(cells);
            }
        }
        assertThat(rows.get(0)).containsExactly("纠纷编号", "标题", "状态", "来源", "来源编号", "类别", "镇街", "风险标识",
                "承办单位", "紧急程度", "接收时间", "办理期限", "是否超期");
        assertThat(rows).as("the filter's one dispute, the other left out").hasSize(2);
        assertThat(rows.get(1)).startsWith(id, "申请人" + Masking.idNumber(idNumber) + "来电" + Masking.phone(PHONE)
                + "反映噪音", "待签收", "12345热线", gdbh, "邻里", "店口镇");
        assertThat(rows.get(1).get(12)).isEqualTo("否");
        assertThat(rows.get(1).get(10)).as("received, Beijing time").matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
        String everything = rows.toString();
        assertThat(everything).as("no clear ID or phone number anywhere in the workbook")
                .doesNotContain(idNumber).doesNotContain(PHONE).doesNotContain(other);
    }

    @Test
    void theCsvHasItsByteOrderMarkItsHeaderAndNoFormula() throws IOException {
        String gdbh = WorkOrders.newGdbh();
        String id = postWorkOrder(gdbh, IdNumbers.random(), "=HYPERLINK(\"http://example.invalid\",\"噪音, 夜间\")");
        String session = ConsoleSecurityTest.signIn(CENTRE).getCookie(ConsoleSecurityTest.SESSION);

        Response csv = given().cookie(ConsoleSecurityTest.SESSION, session).queryParam("recordId", gdbh)
                .get("/console/centre/export.csv");
        csv.then().statusCode(200).contentType(containsString("text/csv"))
                .header("Content-Disposition", matchesPattern("attachment; filename=\"disputes-330681-\\d{8}\\.csv\"; "
                        + "filename\\*=UTF-8''%E7%BA%A0%E7%BA%B7%E6%B8%85%E5%8D%95-330681-\\d{8}\\.csv"))
                .header("Cache-Control", "no-store");
        byte[] bytes = csv.asByteArray();
        assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
        assertThat(records.get(0).toList()).containsExactlyElementsOf(
                CentreExport.COLUMNS.stream().map(ExportTable.Column::header).toList());
        assertThat(records).hasSize(2);
        assertThat(records.get(1).get(0)).isEqualTo(id);
        assertThat(records.get(1).get(1)).isEqualTo("'=HYPERLINK(\"http://example.invalid\",\"噪音, 夜间\")");
        assertThat(text).as("RFC 4180: the title quoted, its quotes doubled")
                .contains(",\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"噪音, 夜间\"\")\",");
    }

    @Test
    void aListOverTheCapIsRefusedOnThePageWithNoFile() {
        // The cap lowered to 1 for this test only; two disputes share the party searched for.
        QuarkusMock.installMockForType(new ExportLimit() {
            @Override
            int maxRows() {
                return 1;
            }
        }, ExportLimit.class);
        String idNumber = IdNumbers.random();
        postWorkOrder(WorkOrders.newGdbh(), idNumber, "邻居装修噪音扰民");
        postWorkOrder(WorkOrders.newGdbh(), idNumber, "邻居装修噪音扰民");

        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), CENTRE);
        browser.get(base + "console/centre?idNumber=" + idNumber);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("total"), "共 2 件"));
        ConsoleBrowser.clearDownloads("纠纷清单-", "");
        browser.findElement(By.id("export-xlsx")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("export-refusal")));
        assertThat(browser.findElement(By.id("export-refusal")).getText())
                .contains("无法导出", "共 2 件", "超过导出上限 1 件", "未生成文件", "缩小筛选范围");
        assertThat(browser.findElement(By.id("total")).getText()).as("the list beside it, as filtered")
                .contains("共 2 件");
        ConsoleBrowser.screenshot(browser, "centre-export-refused");
        assertThat(ConsoleBrowser.downloads("纠纷清单-", "")).as("no file, whole or partial").isEmpty();

        String session = ConsoleSecurityTest.signIn(CENTRE).getCookie(ConsoleSecurityTest.SESSION);
        given().cookie(ConsoleSecurityTest.SESSION, session).queryParam("idNumber", idNumber)
                .get("/console/centre/export.csv").then().statusCode(409).contentType(containsString("text/html"))
                .header("Content-Disposition", (String) null).body(containsString("超过导出上限 1 件"));
    }

    @Test
    void aTownshipHasNoExport() {
        String id = postWorkOrder(WorkOrders.newGdbh(), IdNumbers.random(), "邻居装修噪音扰民");
        String session = ConsoleSecurityTest.signIn(DIANKOU).getCookie(ConsoleSecurityTest.SESSION);
        for (String format : List.of("xlsx", "csv")) {
            given().cookie(ConsoleSecurityTest.SESSION, session).get("/console/centre/export." + format).then()
                    .statusCode(404).header("Content-Disposition", (String) null).body(not(containsString(id)));
        }
        given().redirects().follow(false).get("/console/centre/export.csv").then().statusCode(302);
    }

    @Test
    void anExportReadsTheLedgerByKeyInBatchesAndMissesNothing() throws Exception {
        // Five disputes sharing a party: the ID number filter finds exactly these.
        String idNumber = IdNumbers.random();
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            posted.add(postWorkOrder(WorkOrders.newGdbh(), idNumber, "邻居装修噪音扰民"));
        }
        StaffCaller centre = new StaffCaller(CENTRE, CENTRE);
        CentreList.Filters filters = new CentreList.Filters(null, null, null, null, false, null, null, idNumber,
                null, null, null, null, null, null, 0);
        List<String> listed = list.find(centre, filters, CentreList.PAGE_SIZE).rows().stream()
                .map(CentreList.Row::disputeId).toList();
        List<String> exported = new ArrayList<>();
        list.forEach(centre, filters, 2, row -> exported.add(row.disputeId()));

        assertThat(listed).containsExactlyInAnyOrderElementsOf(posted);
        assertThat(exported).as("batches of 2 give the list's rows in the list's order").isEqualTo(listed);
        assertThat(list.count(centre, filters)).isEqualTo(5);
    }

    private static String postWorkOrder(String gdbh, String idNumber, String title) {
        Map<String, Object> order = WorkOrders.valid(gdbh);
        order.put("sqbt", title);
        order.put("sqr", Map.of("xm", "测试甲", "sfzh", idNumber, "lxdh", PHONE));
        return given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202).extract().path("disputeId");
    }
}
