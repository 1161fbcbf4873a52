package org.fengqiao.gateway.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * 督办 from the county centre's console: the centre finds a township's item through 纠纷总览, presses
 * it with a message, and the township's notice queue gets that message as a supervision notice; the
 * timeline records it and the state stays. A township has neither the link nor the form.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class SupervisionConsoleTest {

    static final String CENTRE = "330681-CENTRE";
    static final String DIANKOU = "330681104";

    @TestHTTPResource("/")
    URL base;

    @Test
    void theCentreSupervisesAnItemAndTheTownshipGetsTheNotice() throws Exception {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        try (HandlerQueues queues = HandlerQueues.embedded()) {
            WebDriver browser = ConsoleBrowser.get();
            ConsoleBrowser.signIn(browser, base.toString(), CENTRE);
            browser.findElement(By.id("to-centre")).click();
            ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("centre-filters")));
            browser.get(base + "console/centre?disputeId=" + id);
            browser.findElement(By.cssSelector("tr.item[data-dispute='" + id + "'] a")).click();
            ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("supervise")));
            assertThat(browser.findElements(By.id("sign"))).as("the centre does not sign for the township").isEmpty();

            // Without a message the service refuses, naming the field as the form labels it.
            ((JavascriptExecutor) browser).executeScript(
                    "document.getElementById('supervise-note').removeAttribute('required');");
            browser.findElement(By.id("supervise")).click();
            ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("refusal")));
            assertThat(browser.findElement(By.id("refusal")).getText()).startsWith("无法督办：督办意见 ");

            browser.findElement(By.id("supervise-note")).sendKeys("请于本周内约谈双方并反馈");
            browser.findElement(By.id("supervise")).click();
            ConsoleBrowser.wait(browser).until(
                    ExpectedConditions.textToBe(By.id("notice"), "已督办，督办通知已发送承办单位。"));
            assertThat(browser.findElement(By.id("status")).getText()).as("the state stays").isEqualTo("待签收");
            assertThat(browser.findElement(By.cssSelector(".timeline")).getText())
                    .contains("督办", "请于本周内约谈双方并反馈");
            ConsoleBrowser.screenshot(browser, "centre-supervised");

            assertThat(queues.notices(DIANKOU, id)).containsExactly("SUPERVISION: 督办：请于本周内约谈双方并反馈");
            given().header("X-Handler-Id", CENTRE).get("/api/v1/disputes/" + id).then().statusCode(200)
                    .body("dispute.status", equalTo("DISPATCHED"))
                    .body("history.find { it.event == 'SUPERVISED' }.person", equalTo(CENTRE));
        }
    }

    @Test
    void aTownshipHasNoOverviewLinkAndNoSupervisionForm() {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), DIANKOU);
        browser.get(base + "console/disputes/" + id);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("sign")));
        assertThat(browser.findElements(By.id("to-inbox"))).hasSize(1);
        assertThat(browser.findElements(By.id("to-centre"))).isEmpty();
        assertThat(browser.findElements(By.id("supervise"))).isEmpty();
        // Nor can it send one: the service refuses a township's 督办 (REST, the same rule).
        GatewayApi.event(id, java.util.Map.of("type", "SUPERVISED", "handlerId", DIANKOU, "note", "自己督办自己"))
                .statusCode(403);
    }
}
