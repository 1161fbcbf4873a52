package org.fengqiao.gateway.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.OffsetDateTime;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The county centre's list in a real browser: the centre finds a dispute of its county by a party's
 * ID number (through the keyed hash, exactly), by the source's record number and by its id, opens it
 * with the party's numbers masked; a filter that excludes it hides it; a township has no such page.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class CentreConsoleTest {

    static final String CENTRE = "330681-CENTRE";
    static final String DIANKOU = "330681104";

    @TestHTTPResource("/")
    URL base;

    @Test
    void theCentreFindsADisputeByAPartysIdNumberAndOpensItMasked() {
        String idNumber = IdNumbers.random();
        String gdbh = WorkOrders.newGdbh();
        String id = postWorkOrder(gdbh, idNumber);
        postWorkOrder(WorkOrders.newGdbh(), IdNumbers.random());

        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), CENTRE);
        browser.get(base + "console/centre");
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("centre-filters")));
        assertThat(browser.findElements(By.cssSelector("tr.item[data-dispute='" + id + "']")))
                .as("the county's dispute is listed").hasSize(1);

        browser.findElement(By.id("idNumber")).sendKeys(idNumber);
        browser.findElement(By.id("search")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("total"), "共 1 件"));
        assertThat(browser.findElements(By.cssSelector("tr.item"))).hasSize(1);
        String row = browser.findElement(By.cssSelector("tr.item[data-dispute='" + id + "']")).getText();
        assertThat(row).contains("12345热线", "邻里", "店口镇", "待签收");
        ConsoleBrowser.screenshot(browser, "centre-search-id-number");

        // A number that differs in one digit finds nothing: the search is exact.
        browser.get(base + "console/centre?idNumber=" + otherDigit(idNumber));
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("total"), "共 0 件"));

        browser.get(base + "console/centre?recordId=" + gdbh);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("total"), "共 1 件"));
        assertThat(browser.findElements(By.cssSelector("tr.item[data-dispute='" + id + "']"))).hasSize(1);

        browser.get(base + "console/centre?disputeId=" + id.toLowerCase());
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("total"), "共 1 件"));

        // Filters in the SQL: another category, or a status it is not in, leave it out.
        browser.get(base + "console/centre?disputeId=" + id + "&status=CLOSED");
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("total"), "共 0 件"));
        browser.get(base + "console/centre?disputeId=" + id + "&township=" + DIANKOU + "&category=NEIGHBOR");
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("total"), "共 1 件"));
        browser.get(base + "console/centre?disputeId=" + id + "&category=MARRIAGE_FAMILY");
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("total"), "共 0 件"));
        browser.get(base + "console/centre?disputeId=" + id + "&township=330681109");
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("total"), "共 0 件"));

        browser.get(base + "console/disputes/" + id);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBe(By.id("dispute-id"), id));
        assertThat(browser.getPageSource()).as("the party's ID number is masked to the centre")
                .doesNotContain(idNumber).doesNotContain("13900001111");
        ConsoleBrowser.screenshot(browser, "centre-dispute-masked");
    }

    @Test
    void theCentreApprovesFewerDaysThanATownshipAskedAndTheDeadlineMoves() {
        String id = postWorkOrder(WorkOrders.newGdbh(), IdNumbers.random());
        GatewayApi.event(id, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);
        OffsetDateTime due = OffsetDateTime.parse(GatewayApi.disputeField(id, "dispute.assignment.dueAt"));
        GatewayApi.event(id, Map.of("type", "EXTENSION_REQUESTED", "handlerId", DIANKOU, "days", 5,
                "reason", "当事人外出务工，联系电话13900001111")).statusCode(200);

        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), CENTRE);
        browser.get(base + "console/centre");
        browser.findElement(By.id("to-extensions")).click();
        By row = By.cssSelector("#extensions tr.item[data-dispute='" + id + "']");
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(row));
        assertThat(browser.findElement(row).getText()).contains("诸暨市店口镇", "5", "当事人外出务工")
                .as("the reason's phone number is masked").doesNotContain("13900001111");
        ConsoleBrowser.screenshot(browser, "centre-extensions");

        // More days than asked: the service refuses, in Chinese, beside the form.
        WebElement days = browser.findElement(By.cssSelector("#extensions tr.item[data-dispute='" + id + "'] .days"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].removeAttribute('max')", days);
        days.clear();
        days.sendKeys("6");
        browser.findElement(By.cssSelector("#extensions tr.item[data-dispute='" + id + "'] button.approve")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("refusal")));
        assertThat(browser.findElement(By.id("refusal")).getText()).contains("延期天数 必须在 1 到 5 之间");
        assertThat(OffsetDateTime.parse(GatewayApi.disputeField(id, "dispute.assignment.dueAt"))).isEqualTo(due);

        days = browser.findElement(By.cssSelector("#extensions tr.item[data-dispute='" + id + "'] .days"));
        days.clear();
        days.sendKeys("3");
        browser.findElement(By.cssSelector("#extensions tr.item[data-dispute='" + id + "'] button.approve")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(browser.findElements(row)).as("decided: no longer waiting").isEmpty();
        ConsoleBrowser.screenshot(browser, "centre-extension-approved");

        // The same act as the API's: the deadline moved by the days granted, by the centre's person.
        assertThat(OffsetDateTime.parse(GatewayApi.disputeField(id, "dispute.assignment.dueAt")))
                .isEqualTo(due.plusDays(3));
        given().header("X-Handler-Id", CENTRE).get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("history.find { it.event == 'EXTENSION_APPROVED' }.person", equalTo(CENTRE));
    }

    @Test
    void aTownshipHasNoCentrePage() {
        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), DIANKOU);
        browser.get(base + "console/centre");
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("not-found")));
        assertThat(browser.findElements(By.id("centre-filters"))).isEmpty();
    }

    private static String otherDigit(String idNumber) {
        char first = idNumber.charAt(7);
        return idNumber.substring(0, 7) + (first == '9' ? '8' : (char) (first + 1)) + idNumber.substring(8);
    }

    private static String postWorkOrder(String gdbh, String idNumber) {
        Map<String, Object> order = WorkOrders.valid(gdbh);
        order.put("sqr", Map.of("xm", "测试甲", "sfzh", idNumber, "lxdh", "13900001111"));
        return given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202).extract().path("disputeId");
    }
}
