package org.fengqiao.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fengqiao.gateway.support.SameMatterCases.courtCase;
import static org.fengqiao.gateway.support.SameMatterCases.hotlineCall;

import java.net.URL;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The same matter from the hotline and the court, linked by the gateway: each dispute's page shows the
 * other under 关联纠纷, and the link opens it.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class LinkedDisputesConsoleTest {

    static final String LABOR_ARBITRATION = "330681-LABOR-ARBITRATION";

    @TestHTTPResource("/")
    URL base;

    @Test
    void eachLinkedDisputeShowsTheOtherAndTheLinkOpensIt() {
        String workerId = IdNumbers.random();
        String hotline = hotlineCall(workerId, IdNumbers.random());
        String court = courtCase(workerId, "诸暨市枫桥镇枫溪路某工地宿舍");

        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), LABOR_ARBITRATION);
        browser.get(base + "console/disputes/" + court);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("linked")));
        assertThat(browser.findElement(By.id("linked")).getText()).contains(hotline, "同一事项");
        ConsoleBrowser.screenshot(browser, "linked-disputes");

        browser.findElement(By.cssSelector("#linked a[href$='" + hotline + "']")).click();
        ConsoleBrowser.wait(browser).until(ExpectedConditions.textToBe(By.id("dispute-id"), hotline));
        assertThat(browser.findElement(By.id("linked")).getText()).contains(court);
    }
}
