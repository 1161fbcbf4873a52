package org.fengqiao.gateway.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.fengqiao.gateway.support.GridReports;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.warning.WarningRounds;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * 风险预警 in a real browser: a group matter reported by a grid worker is raised by the rules' round,
 * listed for the county centre with its rule, township and evidence (a link to the dispute's page),
 * and acknowledged there with a note (a blank note refused in Chinese), after which who and when are
 * shown and the API says the same. A township has neither the link nor the page.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class WarningsConsoleTest {

    static final String CENTRE = "330681-CENTRE";

    @TestHTTPResource("/")
    URL base;
    @Inject
    WarningRounds rounds;

    @Test
    void theCountyCentreSeesAGroupMatterAndAcknowledgesItWithANote() throws Exception {
        String id = postGridReport(8);
        rounds.arrivals();
        long warning = ((Number) given().header("X-Handler-Id", CENTRE).queryParam("disputeId", id)
                .get("/api/v1/warnings").then().statusCode(200).extract().path("items[0].id")).longValue();

        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), CENTRE);
        assertThat(browser.findElement(By.id("warning-count")).getText()).as("open warnings in the header")
                .matches("[1-9][0-9]*");
        browser.findElement(By.id("to-warnings")).click();
        By row = By.cssSelector("#warnings tr.item[data-warning='" + warning + "']");
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(row));
        assertThat(browser.findElement(row).getText()).contains("群体性纠纷", "枫桥镇", id, "待签收");
        ConsoleBrowser.screenshot(browser, "centre-warnings");

        // A blank note is refused beside the form, in Chinese; nothing changes.
        browser.findElement(By.cssSelector("#warnings tr.item[data-warning='" + warning + "'] button.acknowledge"))
                .click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("refusal")));
        assertThat(browser.findElement(By.id("refusal")).getText()).isEqualTo("请填写签收说明");
        given().header("X-Handler-Id", CENTRE).queryParam("disputeId", id).get("/api/v1/warnings").then()
                .body("items[0].status", equalTo("OPEN"));

        WebElement note = browser.findElement(By.cssSelector("#warnings tr.item[data-warning='" + warning + "'] .note"));
        note.sendKeys("已通知枫桥镇调解员上门，明日回报");
        browser.findElement(By.cssSelector("#warnings tr.item[data-warning='" + warning + "'] button.acknowledge"))
                .click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        String done = browser.findElement(row).getText();
        assertThat(done).contains("已签收", CENTRE + " 于", "已通知枫桥镇调解员上门，明日回报");
        assertThat(browser.findElements(By.cssSelector("#warnings tr.item[data-warning='" + warning
                + "'] button.acknowledge"))).as("acknowledged once: no form").isEmpty();
        ConsoleBrowser.screenshot(browser, "centre-warning-acknowledged");
        given().header("X-Handler-Id", CENTRE).queryParam("disputeId", id).get("/api/v1/warnings").then()
                .body("items[0].status", equalTo("ACKNOWLEDGED")).body("items[0].acknowledgedBy", equalTo(CENTRE))
                .body("items[0].note", equalTo("已通知枫桥镇调解员上门，明日回报"));

        // The evidence opens the dispute's page.
        browser.findElement(By.cssSelector("#warnings tr.item[data-warning='" + warning + "'] .evidence a")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBe(By.id("dispute-id"), id));
    }

    @Test
    void aTownshipHasNoWarningsPage() {
        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), "330681109");
        assertThat(browser.findElements(By.id("to-warnings"))).isEmpty();
        browser.get(base + "console/centre/warnings");
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("not-found")));
        assertThat(browser.findElements(By.id("warnings"))).isEmpty();
    }

    private static String postGridReport(int people) {
        Map<String, Object> report = GridReports.valid(GridReports.newSbbh());
        report.put("sjrs", people);
        report.put("sjry", new ArrayList<>(List.of(GridReports.person("测试村民甲", IdNumbers.random(), null, "反映人"))));
        return given().contentType(ContentType.JSON).body(GridReports.json(report))
                .post("/api/v1/sources/grid-worker/reports").then().statusCode(202).extract().path("disputeId");
    }
}
