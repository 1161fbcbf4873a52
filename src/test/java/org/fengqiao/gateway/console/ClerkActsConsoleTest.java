package org.fengqiao.gateway.console;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The clerk's acts on the dispute page, in a real browser: sign, report progress and resolve a hotline
 * work order (the hotline then hears of both), ask for an extension (then shown as waiting for the
 * county centre), a refusal in Chinese, and a 退单 that takes the dispute out of the clerk's 待办.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class ClerkActsConsoleTest {

    static final String DIANKOU = "330681104";
    static final String HOTLINE = "HOTLINE_12345";
    static final String ZHUJI_CENTRE = "330681-CENTRE";

    @TestHTTPResource("/")
    URL base;
    @Inject
    FeedbackRelay relay;
    @Inject
    ObjectMapper json;

    @Test
    void theClerkSignsReportsProgressAndResolvesAndTheHotlineHearsOfIt() throws Exception {
        String gdbh = WorkOrders.newGdbh();
        String id = GatewayApi.postWorkOrder(gdbh, "诸暨市店口镇解放路18号");
        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), DIANKOU);
        browser.get(base + "console/disputes/" + id);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("sign")));
        // Before signing: only 签收 and 退单 are offered.
        assertThat(browser.findElements(By.id("progress"))).isEmpty();
        assertThat(browser.findElements(By.id("resolve"))).isEmpty();
        assertThat(browser.findElements(By.id("return"))).hasSize(1);
        browser.findElement(By.id("sign")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(browser.findElements(By.id("sign"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("form.act h3"))).extracting(e -> e.getText())
                .containsExactly("办理进展", "办结", "申请延期", "退单");
        ConsoleBrowser.screenshot(browser, "acts-signed");

        browser.findElement(By.id("progress-note")).sendKeys("已约双方到村调解室");
        browser.findElement(By.id("progress")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBe(By.id("notice"), "办理进展已记录。"));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("办理中");
        assertThat(browser.findElement(By.cssSelector(".timeline")).getText()).contains("办理进展");
        ConsoleBrowser.screenshot(browser, "acts-progress");

        new Select(browser.findElement(By.id("outcome"))).selectByVisibleText("调解成功");
        browser.findElement(By.id("resolve-note")).sendKeys("双方达成协议");
        browser.findElement(By.id("agreement")).sendKeys("夜间不再施工");
        browser.findElement(By.id("resolve")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBe(By.id("notice"), "已办结。"));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("已办结");
        assertThat(browser.findElements(By.cssSelector("form.act"))).isEmpty();
        ConsoleBrowser.screenshot(browser, "acts-resolved");

        given().header("X-Handler-Id", DIANKOU).get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("dispute.status", equalTo("RESOLVED"))
                .body("history.find { it.event == 'PROGRESS' }.person", equalTo(DIANKOU))
                .body("history.find { it.event == 'RESOLVED' }.person", equalTo(DIANKOU));

        // The relay does not run on its own in tests: the hotline hears of progress and result once run.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            relay.relay(HOTLINE);
            GatewayApi.status(id, "FEEDBACK_SENT");
        });
        List<JsonNode> feedback = feedbackFor(gdbh);
        assertThat(feedback).extracting(f -> f.path("blzt").asText()).containsExactly("办理中", "已办结");
        assertThat(feedback.get(1).toString()).contains("双方达成协议");

        // The dispute's page lists what the source was sent, and that it arrived.
        browser.get(base + "console/disputes/" + id);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("feedback")));
        assertThat(browser.findElement(By.id("feedback")).getText()).contains("签收回告", "进展回告", "办结结果回告",
                "已送达");
        ConsoleBrowser.screenshot(browser, "acts-feedback-sent");
    }

    @Test
    void anExtensionRequestWaitsForTheCentreAndARefusalIsShownInChinese() {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        GatewayApi.event(id, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);
        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), DIANKOU);
        browser.get(base + "console/disputes/" + id);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("extension")));

        // More days than the county allows: refused by the service, in Chinese, beside the forms.
        browser.findElement(By.id("days")).sendKeys("999");
        browser.findElement(By.id("extension-reason")).sendKeys("当事人外出务工");
        browser.findElement(By.id("extension")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("refusal")));
        assertThat(browser.findElement(By.id("refusal")).getText()).startsWith("无法申请延期：延期天数 ")
                .contains("30").doesNotContain("days");
        // The form keeps what was typed beside the refusal.
        assertThat(browser.findElement(By.id("days")).getAttribute("value")).isEqualTo("999");
        assertThat(browser.findElement(By.id("extension-reason")).getAttribute("value")).isEqualTo("当事人外出务工");
        ConsoleBrowser.screenshot(browser, "acts-extension-refused");

        browser.findElement(By.id("days")).clear();
        browser.findElement(By.id("days")).sendKeys("5");
        browser.findElement(By.id("extension-reason")).clear();
        browser.findElement(By.id("extension-reason")).sendKeys("当事人外出务工");
        browser.findElement(By.id("extension")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("waiting-extension")));
        assertThat(browser.findElement(By.id("notice")).getText()).isEqualTo("延期申请已提交，待县矛调中心审批。");
        assertThat(browser.findElement(By.id("waiting-extension")).getText())
                .startsWith("延期申请待县矛调中心审批：").contains("申请延期 5 天", "当事人外出务工");
        // One request at a time: no second form while it waits.
        assertThat(browser.findElements(By.id("extension"))).isEmpty();
        ConsoleBrowser.screenshot(browser, "acts-extension-waiting");

        // Once the centre decided, the clerk may ask again.
        GatewayApi.event(id, Map.of("type", "EXTENSION_REFUSED", "handlerId", ZHUJI_CENTRE, "reason", "时限充足"))
                .statusCode(200);
        browser.get(base + "console/disputes/" + id);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("extension")));
        assertThat(browser.findElements(By.id("waiting-extension"))).isEmpty();
    }

    @Test
    void aReturnTakesTheDisputeOutOfTheClerksInbox() {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), DIANKOU);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr.item[data-dispute='" + id + "']")));
        browser.get(base + "console/disputes/" + id);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("return")));

        // Without a reason the service refuses; the browser's own check is taken off to show that.
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('return-reason').removeAttribute('required');");
        browser.findElement(By.id("return")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("refusal")));
        assertThat(browser.findElement(By.id("refusal")).getText()).startsWith("无法退单：理由 ")
                .doesNotContain("reason");

        browser.findElement(By.id("return-reason")).sendKeys("不属本镇管辖，申请县分流改派");
        browser.findElement(By.id("return")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(browser.getCurrentUrl()).contains("/console/?returned=" + id);
        assertThat(browser.findElement(By.id("notice")).getText()).contains("已退单", id);
        assertThat(browser.findElements(By.cssSelector("tr.item[data-dispute='" + id + "']"))).isEmpty();
        ConsoleBrowser.screenshot(browser, "acts-returned-inbox");
        // Routed on, past the township that gave it back.
        assertThat(GatewayApi.handler(id)).isNotEqualTo(DIANKOU);
        given().get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("history.find { it.event == 'RETURNED' }.person", equalTo(DIANKOU));
    }

    @Test
    void filtersNarrowTheInboxAndThePollingKeepsThem() {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), DIANKOU);
        By row = By.cssSelector("tr.item[data-dispute='" + id + "']");
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(row));

        // Another category: the hotline's 邻里 item is not in the list.
        new Select(browser.findElement(By.id("category"))).selectByVisibleText("劳动争议");
        browser.findElement(By.id("filter")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.urlContains("category=LABOR"));
        assertThat(browser.findElements(row)).isEmpty();
        ConsoleBrowser.screenshot(browser, "inbox-filtered-out");

        // Its category, its source and today's date: listed; only overdue items: not.
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        browser.get(base + "console/?status=ALL&category=NEIGHBOR&source=" + HOTLINE + "&from=" + today + "&to="
                + today);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(row));
        assertThat(new Select(browser.findElement(By.id("category"))).getFirstSelectedOption().getText())
                .isEqualTo("邻里");
        assertThat(new Select(browser.findElement(By.id("source"))).getFirstSelectedOption().getText())
                .isEqualTo("12345热线");
        assertThat(browser.findElement(By.id("from")).getAttribute("value")).isEqualTo(today);
        // The polling asks for the same narrowed list: a new matching item appears without a reload.
        assertThat(browser.findElement(By.id("rows")).getAttribute("hx-get"))
                .contains("category=NEIGHBOR", "source=" + HOTLINE, "from=" + today, "to=" + today);
        String next = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr.item[data-dispute='" + next + "']")));
        ConsoleBrowser.screenshot(browser, "inbox-filtered");

        browser.get(base + "console/?status=ALL&category=NEIGHBOR&to=" + LocalDate.parse(today).minusDays(1));
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("rows")));
        assertThat(browser.findElements(row)).as("received after the range").isEmpty();

        browser.findElement(By.id("overdue")).click();
        browser.findElement(By.id("to")).clear();
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('to').value = '';");
        browser.findElement(By.id("filter")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.urlContains("overdue=1"));
        assertThat(browser.findElements(row)).as("not overdue").isEmpty();
        assertThat(browser.findElement(By.id("overdue")).isSelected()).isTrue();
        ConsoleBrowser.screenshot(browser, "inbox-overdue-only");
    }

    private List<JsonNode> feedbackFor(String gdbh) {
        List<LoggedRequest> calls = WireMockSimulators.server()
                .findAll(postRequestedFor(urlPathEqualTo("/open/workorder/feedback")));
        return calls.stream().map(r -> {
            try {
                return json.readTree(r.getBodyAsString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(f -> gdbh.equals(f.path("gdbh").asText())).toList();
    }
}
