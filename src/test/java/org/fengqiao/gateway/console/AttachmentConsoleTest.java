package org.fengqiao.gateway.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.support.FakeClamd;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.GridFiles;
import org.fengqiao.gateway.support.GridReports;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * 办结 with its agreement scan (协议扫描件), in a real browser: a text file named as a PDF is refused in
 * Chinese beside the form and the dispute stays unresolved; a real scan resolves it, the page lists it
 * under 附件 and the clerk downloads it; another township cannot, by the console or the API. Files a
 * source sent by reference are listed as they fare: 待获取, then a download, or 获取失败 with the reason.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
@QuarkusTestResource(FakeClamd.class)
class AttachmentConsoleTest {

    static final String DIANKOU = "330681104";
    static final String FENGQIAO = "330681109";

    @TestHTTPResource("/")
    URL base;

    static Path resource(String name) throws Exception {
        // The browser uploads from a file: the test's copy keeps the name a clerk would give it.
        Path dir = Files.createDirectories(Path.of("target", "attachment-uploads"));
        Path file = dir.resolve(name.equals("not-really.pdf") ? "调解协议（改名的文本）.pdf" : "调解协议书.pdf");
        try (InputStream in = AttachmentConsoleTest.class.getResourceAsStream("/attachments/" + name)) {
            Files.write(file, in.readAllBytes());
        }
        return file.toAbsolutePath();
    }

    @Test
    void theClerkResolvesWithAnAgreementScan() throws Exception {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        GatewayApi.event(id, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);
        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), DIANKOU);
        browser.get(base + "console/disputes/" + id);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("resolve")));
        assertThat(browser.findElement(By.id("attachments")).getText()).contains("无");

        // A text file with a PDF's name: refused in Chinese, naming the field as the form labels it.
        new Select(browser.findElement(By.id("outcome"))).selectByVisibleText("调解成功");
        browser.findElement(By.id("agreement")).sendKeys("夜间不再施工");
        browser.findElement(By.id("agreement-scan")).sendKeys(resource("not-really.pdf").toString());
        browser.findElement(By.id("resolve")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("refusal")));
        assertThat(browser.findElement(By.id("refusal")).getText())
                .startsWith("无法办结：协议扫描件 类型不允许").contains("text/plain");
        assertThat(browser.findElement(By.id("status")).getText()).isNotEqualTo("已办结");
        ConsoleBrowser.screenshot(browser, "attachment-refused");
        GatewayApi.status(id, "SIGNED");

        new Select(browser.findElement(By.id("outcome"))).selectByVisibleText("调解成功");
        browser.findElement(By.id("agreement")).sendKeys("夜间不再施工");
        browser.findElement(By.id("agreement-scan")).sendKeys(resource("agreement-scan.pdf").toString());
        browser.findElement(By.id("resolve")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBe(By.id("notice"), "已办结。"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#attachments tr.attachment"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getText()).contains("调解协议书.pdf", "PDF 文档", "字节", "店口镇", DIANKOU);
        ConsoleBrowser.screenshot(browser, "attachment-listed");
        String href = rows.get(0).findElement(By.cssSelector("a.download")).getAttribute("href");

        // The clerk downloads it with the session the browser holds.
        Cookie session = browser.manage().getCookieNamed("quarkus-credential");
        byte[] pdf;
        try (InputStream in = getClass().getResourceAsStream("/attachments/agreement-scan.pdf")) {
            pdf = in.readAllBytes();
        }
        byte[] downloaded = given().cookie(session.getName(), session.getValue()).redirects().follow(false)
                .get(href).then().statusCode(200).header("Content-Type", equalTo("application/pdf"))
                .header("Content-Disposition", containsString("attachment;"))
                .header("X-Content-Type-Options", equalTo("nosniff")).extract().asByteArray();
        assertThat(downloaded).isEqualTo(pdf);
        String apiHref = GatewayApi.disputeField(id, "dispute.attachments[0].href");
        assertThat(href).endsWith(apiHref.replace("/api/v1/", "/console/"));

        // Another township: not found on the console, nor on the API.
        browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), FENGQIAO);
        Cookie other = browser.manage().getCookieNamed("quarkus-credential");
        given().cookie(other.getName(), other.getValue()).redirects().follow(false).get(href).then().statusCode(404);
        browser.get(href);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("not-found")));
        ConsoleBrowser.screenshot(browser, "attachment-other-township");
        given().header("X-Handler-Id", FENGQIAO).get(apiHref).then().statusCode(404);
    }

    @Test
    void thePageShowsWhatBecameOfTheFilesASourceSentByReference() throws Exception {
        byte[] photo = GridFiles.samplePhoto();
        String fetched = GridFiles.newPath("fetched.jpg");
        GridFiles.serve(fetched, photo, 0);
        String refused = GridFiles.newPath("refused.jpg");
        byte[] program;
        try (InputStream in = getClass().getResourceAsStream("/attachments/program.pdf")) {
            program = in.readAllBytes();
        }
        GridFiles.serve(refused, program, 0);
        // Slow enough that the page is seen while this one still waits for its fetch.
        String slow = GridFiles.newPath("slow.jpg");
        GridFiles.serve(slow, photo, 6000);
        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), FENGQIAO);

        String id = GridFiles.post(GridFiles.report(GridReports.newSbbh(), List.of(
                GridFiles.file("现场照片.jpg", GridFiles.url(fetched)),
                GridFiles.file("改名的程序.jpg", GridFiles.url(refused)),
                GridFiles.file("远景照片.jpg", GridFiles.url(slow))))).statusCode(202).extract().path("disputeId");
        browser.get(base + "console/disputes/" + id);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("attachments")));
        assertThat(row(browser, "远景照片.jpg").getText()).contains("待获取", "网格员上报");
        assertThat(row(browser, "远景照片.jpg").findElements(By.cssSelector("a.download"))).isEmpty();

        ConsoleBrowser.wait(browser).until(b -> {
            b.navigate().refresh();
            return row(b, "现场照片.jpg").findElements(By.cssSelector("a.download")).size() == 1
                    && row(b, "改名的程序.jpg").getText().contains("获取失败（类型不允许");
        });
        assertThat(row(browser, "现场照片.jpg").getText()).contains("JPEG", "字节");
        assertThat(row(browser, "改名的程序.jpg").findElements(By.cssSelector("a.download"))).isEmpty();
        ConsoleBrowser.screenshot(browser, "attachment-by-reference");
        String href = row(browser, "现场照片.jpg").findElement(By.cssSelector("a.download")).getAttribute("href");
        Cookie session = browser.manage().getCookieNamed("quarkus-credential");
        byte[] downloaded = given().cookie(session.getName(), session.getValue()).redirects().follow(false)
                .get(href).then().statusCode(200).header("Content-Type", equalTo("image/jpeg")).extract().asByteArray();
        assertThat(downloaded).isEqualTo(photo);
    }

    private static WebElement row(WebDriver browser, String fileName) {
        return browser.findElements(By.cssSelector("#attachments tr.attachment")).stream()
                .filter(r -> r.findElement(By.cssSelector(".file-name")).getText().equals(fileName)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + fileName));
    }
}
