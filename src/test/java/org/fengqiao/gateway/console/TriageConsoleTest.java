package org.fengqiao.gateway.console;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.feedback.FeedbackRelay;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The county triage desk (分流窗口) in a real browser: a work order whose address names no township
 * reaches its 待办; it reassigns it (改派) to a township of its choice, or finds it is not the centre's
 * matter (不予受理) and the hotline hears so. A refusal keeps what was typed.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class TriageConsoleTest {

    static final String TRIAGE = "330681-TRIAGE";
    static final String FENGQIAO = "330681109";
    static final String HOTLINE = "HOTLINE_12345";

    @TestHTTPResource("/")
    URL base;
    @Inject
    FeedbackRelay relay;
    @Inject
    ObjectMapper json;

    @Test
    void theTriageDeskReassignsAnItemToATownshipOfItsChoice() {
        // The work order names the county (xzqh) but an address no township can be told from.
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "老街口");
        assertThat(GatewayApi.handler(id)).isEqualTo(TRIAGE);

        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), TRIAGE);
        By row = By.cssSelector("tr.item[data-dispute='" + id + "']");
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(row));
        browser.get(base + "console/disputes/" + id);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("reassign")));
        assertThat(browser.findElements(By.id("return"))).as("the desk reassigns; it does not return").isEmpty();
        assertThat(new Select(browser.findElement(By.id("toHandlerId"))).getOptions())
                .extracting(o -> o.getText()).contains("枫桥镇", "店口镇", "诸暨市劳动人事争议仲裁院")
                .doesNotContain("诸暨市社会治理中心", "诸暨市社会治理中心分流窗口");

        // No handler chosen: refused by the service, in Chinese, the reason kept in its field.
        ((JavascriptExecutor) browser).executeScript(
                "document.getElementById('toHandlerId').removeAttribute('required');");
        browser.findElement(By.id("reassign-reason")).sendKeys("地址在枫桥镇老街，属枫桥镇管辖");
        browser.findElement(By.id("reassign")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("refusal")));
        assertThat(browser.findElement(By.id("refusal")).getText()).startsWith("无法改派：改派单位 ");
        assertThat(browser.findElement(By.id("reassign-reason")).getAttribute("value"))
                .isEqualTo("地址在枫桥镇老街，属枫桥镇管辖");
        ConsoleBrowser.screenshot(browser, "triage-reassign-refused");

        new Select(browser.findElement(By.id("toHandlerId"))).selectByValue(FENGQIAO);
        browser.findElement(By.id("reassign")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(browser.getCurrentUrl()).contains("/console/?reassigned=" + id);
        assertThat(browser.findElement(By.id("notice")).getText()).contains("已改派", id);
        assertThat(browser.findElements(row)).as("no longer the desk's").isEmpty();
        ConsoleBrowser.screenshot(browser, "triage-reassigned-inbox");

        assertThat(GatewayApi.handler(id)).isEqualTo(FENGQIAO);
        given().get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("history.find { it.event == 'REASSIGNED' }.person", equalTo(TRIAGE))
                .body("history.find { it.event == 'REASSIGNED' }.reason", equalTo("地址在枫桥镇老街，属枫桥镇管辖"));

        // The township it went to has it in its 待办.
        ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), FENGQIAO);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(row));
    }

    @Test
    void notTheCentresMatterTheHotlineIsToldAndTheItemCloses() throws Exception {
        String gdbh = WorkOrders.newGdbh();
        String id = GatewayApi.postWorkOrder(gdbh, "老街口");
        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), TRIAGE);
        browser.get(base + "console/disputes/" + id);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("reject")));
        browser.findElement(By.id("reject-reason")).sendKeys("咨询类诉求，不属于矛盾纠纷");
        browser.findElement(By.id("reject")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(browser.getCurrentUrl()).contains("/console/?rejected=" + id);
        assertThat(browser.findElement(By.id("notice")).getText()).contains("不予受理", id);
        ConsoleBrowser.screenshot(browser, "triage-rejected-inbox");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            relay.relay(HOTLINE);
            GatewayApi.status(id, "CLOSED");
        });
        List<LoggedRequest> returned = WireMockSimulators.server()
                .findAll(postRequestedFor(urlPathEqualTo("/open/workorder/return"))).stream()
                .filter(r -> r.getBodyAsString().contains(gdbh)).toList();
        assertThat(returned).hasSize(1);
        assertThat(json.readTree(returned.get(0).getBodyAsString()).path("thyy").asText())
                .isEqualTo("咨询类诉求，不属于矛盾纠纷");

        // Its page now offers no act, and says it was not taken.
        browser.get(base + "console/disputes/" + id);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBe(By.id("status"), "已结案"));
        assertThat(browser.findElements(By.cssSelector("form.act"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector(".timeline")).getText()).contains("不予受理");
    }
}
