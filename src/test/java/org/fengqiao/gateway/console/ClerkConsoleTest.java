package org.fengqiao.gateway.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.net.URL;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The township clerk's console in a real browser: a hotline work order appears in the clerk's 待办
 * without a reload, the clerk opens and signs it (the ledger then has it SIGNED, by that person), a
 * refusal is shown in Chinese beside the form, and another township cannot open it by its URL.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class ClerkConsoleTest {

    static final String DIANKOU = "330681104";
    static final String ANOTHER_TOWNSHIP = "330681109";
    static final String HOSTILE_NAME = "<script>alert('x')</script>";

    @TestHTTPResource("/")
    URL base;

    @Test
    void aHotlineWorkOrderAppearsWithoutReloadAndTheClerkSignsIt() {
        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), DIANKOU);
        // Marks this page: a reload would lose the mark.
        ((JavascriptExecutor) browser).executeScript("window.consoleNotReloaded = true;");

        String id = postWorkOrder();

        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr.item[data-dispute='" + id + "']")));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.consoleNotReloaded === true;"))
                .as("the item appeared without reloading the page").isEqualTo(true);
        String row = browser.findElement(By.cssSelector("tr.item[data-dispute='" + id + "']")).getText();
        assertThat(row).contains("待签收", "12345热线", "邻里", "店口镇", "剩余");
        assertThat(browser.findElement(By.cssSelector("tr.item[data-dispute='" + id + "'] .deadline"))
                .getAttribute("class")).contains("green");
        ConsoleBrowser.screenshot(browser, "inbox");

        browser.findElement(By.linkText(id)).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBe(By.id("dispute-id"), id));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("待签收");
        // Escaped by the template: the party's name is text, not markup that ran.
        assertThat(browser.findElement(By.cssSelector(".party-name")).getText()).isEqualTo(HOSTILE_NAME);
        assertThat(browser.getPageSource()).doesNotContain(HOSTILE_NAME);
        assertThat(browser.findElement(By.cssSelector(".timeline")).getText()).contains("接收", "交办");
        ConsoleBrowser.screenshot(browser, "dispute");

        browser.findElement(By.id("sign")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("已签收");
        assertThat(browser.findElements(By.id("sign"))).isEmpty();
        ConsoleBrowser.screenshot(browser, "dispute-signed");

        // The same act as the API's: the ledger has it SIGNED, by the signed-in person.
        given().header("X-Handler-Id", DIANKOU).get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("dispute.status", equalTo("SIGNED"))
                .body("history.event", hasItem("SIGNED"))
                .body("history.find { it.event == 'SIGNED' }.person", equalTo(DIANKOU));
    }

    @Test
    void aRefusalIsShownInChineseBesideTheForm() {
        String id = postWorkOrder();
        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), DIANKOU);
        browser.get(base + "console/disputes/" + id);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("sign")));
        // Signed meanwhile by the township's own system, over the API.
        GatewayApi.event(id, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);

        browser.findElement(By.id("sign")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("refusal")));
        assertThat(browser.findElement(By.id("refusal")).getText())
                .startsWith("无法签收：").contains("已签收").doesNotContain("SIGNED");
        ConsoleBrowser.screenshot(browser, "dispute-refused");
    }

    @Test
    void anotherTownshipCannotOpenItByItsUrl() {
        String id = postWorkOrder();
        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), ANOTHER_TOWNSHIP);
        assertThat(browser.findElements(By.cssSelector("tr.item[data-dispute='" + id + "']"))).isEmpty();

        browser.get(base + "console/disputes/" + id);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("not-found")));
        assertThat(browser.getPageSource()).doesNotContain("邻居装修噪音扰民").doesNotContain("测试乙");
        ConsoleBrowser.screenshot(browser, "dispute-of-another-township");

        // Signing out ends the session: the console asks for a sign-in again.
        browser.findElement(By.id("sign-out")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.urlToBe(base + "console/sign-in"));
        browser.get(base + "console/");
        ConsoleBrowser.wait(browser).until(ExpectedConditions.urlContains("/console/sign-in"));
        ConsoleBrowser.screenshot(browser, "sign-in");
    }

    /** A hotline work order for 店口镇 whose applicant is named like markup, with a fresh ID number. */
    static String postWorkOrder() {
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        order.put("sqr", Map.of("xm", HOSTILE_NAME, "sfzh", IdNumbers.random(), "lxdh", "13900001111"));
        return given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202).extract().path("disputeId");
    }
}
