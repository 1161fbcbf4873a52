package org.fengqiao.gateway.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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
