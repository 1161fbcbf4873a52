package org.fengqiao.gateway.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.ledger.SearchKeyBackfill;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.PetitionItems;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The county centre's search beyond the ID number, in a real browser: a hotline work order found by
 * its party's phone number however it is written, by the party's name, by two consecutive words of
 * its address, and not by a number, name or address one character off; a term too short to search
 * by is refused in Chinese beside the form; the risk filter keeps a group petition and leaves out a
 * plain work order, and marks both reports of the same matter as repeated; disputes recorded before
 * the search keys existed are found once the backfill has keyed them.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class CentreSearchConsoleTest {

    static final String CENTRE = "330681-CENTRE";
    /** Characters for names and road names no other test uses together. */
    static final String CHARACTERS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华慧巧美淑惠珠翠雅芝玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲";

    @TestHTTPResource("/")
    URL base;
    @Inject
    SearchKeyBackfill backfill;
    @Inject
    LedgerDatabase database;

    @Test
    void theCentreFindsAWorkOrderByPhoneNameAndPartOfTheAddress() {
        String phone = "139" + digits(8);
        String name = "买买提·" + characters(3);
        String road = characters(3);
        int number = ThreadLocalRandom.current().nextInt(100, 899);
        String id = postWorkOrder(name, phone, "浙江省绍兴市诸暨市店口镇" + road + "路" + number + "号", IdNumbers.random());
        postWorkOrder("测试甲", "139" + digits(8), "浙江省绍兴市诸暨市店口镇解放路18号", IdNumbers.random());

        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), CENTRE);
        browser.get(base + "console/centre");
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("centre-filters")));

        // Typed as the citizen gave it: country code, spaces.
        browser.findElement(By.id("phone")).sendKeys("+86 " + phone.substring(0, 3) + " " + phone.substring(3, 7) + " "
                + phone.substring(7));
        browser.findElement(By.id("search")).click();
        foundOnly(browser, id);
        ConsoleBrowser.screenshot(browser, "centre-search-phone");

        for (String written : new String[] { "0086-" + phone, phone.substring(0, 3) + "-" + phone.substring(3),
                "８６" + phone }) {
            search(browser, "phone=" + encode(written));
            foundOnly(browser, id);
        }
        search(browser, "phone=" + encode(oneDigitOff(phone)));
        total(browser, 0);

        search(browser, "name=" + encode(name));
        foundOnly(browser, id);
        // The middle dot written another way, or as a space, is the same name.
        search(browser, "name=" + encode(name.replace("·", " ")));
        foundOnly(browser, id);
        search(browser, "name=" + encode(name.replace("·", "・")));
        foundOnly(browser, id);
        search(browser, "name=" + encode(name.substring(0, name.length() - 1) + otherCharacter(name)));
        total(browser, 0);

        search(browser, "address=" + encode(road + "路 " + number + "号"));
        foundOnly(browser, id);
        search(browser, "address=" + encode(road + "路" + (number + 1) + "号"));
        total(browser, 0);
        // Every term must match: the right address with another phone number finds nothing.
        search(browser, "address=" + encode(road + "路") + "&phone=" + encode(oneDigitOff(phone)));
        total(browser, 0);

        search(browser, "address=" + encode("店") + "&phone=" + encode("12345"));
        total(browser, 0);
        assertThat(browser.findElement(By.id("search-notes")).getText()).contains("地址至少输入 2 个字")
                .contains("联系电话须完整");
        assertThat(browser.findElement(By.id("address")).getAttribute("value")).isEqualTo("店");
        ConsoleBrowser.screenshot(browser, "centre-search-refused");
    }

    @Test
    void theRiskFilterKeepsAGroupCaseLeavesOutAPlainOneAndMarksTheSameMatterReportedTwice() {
        String road = characters(3);
        String address = "浙江省绍兴市诸暨市店口镇" + road + "路";
        String plainIdNumber = IdNumbers.random();
        String plain = postWorkOrder("测试甲", "139" + digits(8), address + "2号", plainIdNumber);
        PetitionItems group = PetitionItems.valid(PetitionItems.newXfjbh()).set("Rs", "6").set("Wtsd", address + "9号");
        String groupId = postPetition(group);

        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), CENTRE);
        search(browser, "address=" + encode(road + "路"));
        total(browser, 2);

        browser.findElement(By.cssSelector("#risk option[value='GROUP']")).click();
        browser.findElement(By.id("search")).click();
        foundOnly(browser, groupId);
        assertThat(browser.findElement(By.cssSelector("tr.item[data-dispute='" + groupId + "'] .marks")).getText())
                .isEqualTo("群体");
        assertThat(browser.findElement(By.cssSelector("#risk option[value='GROUP']")).isSelected())
                .as("the filter stays chosen").isTrue();
        ConsoleBrowser.screenshot(browser, "centre-risk-group");

        search(browser, "address=" + encode(road + "路") + "&risk=REPEAT");
        total(browser, 0);

        // The petition platform reports the work order's matter again: same township, same party.
        PetitionItems again = PetitionItems.valid(PetitionItems.newXfjbh()).set("Wtsd", address + "2号").noPetitioners()
                .petitioner("测试甲", plainIdNumber, null, null);
        String againId = postPetition(again);
        search(browser, "address=" + encode(road + "路") + "&risk=REPEAT");
        total(browser, 2);
        assertThat(browser.findElements(By.cssSelector("tr.item[data-dispute='" + plain + "']"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("tr.item[data-dispute='" + againId + "'] .marks")).getText())
                .isEqualTo("重复");
        search(browser, "address=" + encode(road + "路") + "&risk=HIGH");
        total(browser, 0);
    }

    @Test
    void disputesRecordedBeforeTheSearchKeysAreFoundOnceTheBackfillHasKeyedThem() throws Exception {
        String phone = "139" + digits(8);
        String road = characters(3);
        String address = "浙江省绍兴市诸暨市店口镇" + road + "路";
        String workOrder = postWorkOrder("测试甲", phone, address + "3号", IdNumbers.random());
        String group = postPetition(PetitionItems.valid(PetitionItems.newXfjbh()).set("Rs", "8")
                .set("Wtsd", address + "5号"));
        // As the ledger held them before it kept search keys and risk marks.
        try (Connection c = database.connection()) {
            for (String sql : new String[] { "delete from dispute_search_key where dispute_id in (?, ?)",
                    "delete from dispute_risk_mark where dispute_id in (?, ?)",
                    "update dispute set address_keys = null, search_keys_version = 0 where dispute_id in (?, ?)" }) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, workOrder);
                    s.setString(2, group);
                    s.executeUpdate();
                }
            }
        }
        WebDriver browser = ConsoleBrowser.get();
        ConsoleBrowser.signIn(browser, base.toString(), CENTRE);
        search(browser, "phone=" + phone);
        total(browser, 0);
        search(browser, "address=" + encode(road + "路") + "&risk=GROUP");
        total(browser, 0);

        assertThat(backfill.keyAll()).isGreaterThanOrEqualTo(2);

        search(browser, "phone=" + phone);
        foundOnly(browser, workOrder);
        search(browser, "address=" + encode(road + "路") + "&risk=GROUP");
        foundOnly(browser, group);
        assertThat(backfill.keyAll()).as("nothing left to do").isZero();
    }

    private void search(WebDriver browser, String query) {
        browser.get(base + "console/centre?" + query);
        ConsoleBrowser.wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("total")));
    }

    private static void foundOnly(WebDriver browser, String id) {
        total(browser, 1);
        assertThat(browser.findElements(By.cssSelector("tr.item[data-dispute='" + id + "']"))).hasSize(1);
    }

    private static void total(WebDriver browser, int count) {
        ConsoleBrowser.wait(browser)
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("total"), "共 " + count + " 件"));
        if (count == 0) {
            WebElement rows = browser.findElement(By.id("rows"));
            assertThat(rows.findElements(By.cssSelector("tr.item"))).isEmpty();
        }
    }

    private static String postWorkOrder(String name, String phone, String address, String idNumber) {
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        order.put("fsdz", address);
        order.put("sqr", Map.of("xm", name, "sfzh", idNumber, "lxdh", phone));
        return given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202).extract().path("disputeId");
    }

    private static String postPetition(PetitionItems item) {
        return given().contentType("application/xml;charset=UTF-8").body(item.xml().getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/sources/petition/items").then().statusCode(202).extract().path("disputeId");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String digits(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(ThreadLocalRandom.current().nextInt(10));
        }
        return out.toString();
    }

    private static String characters(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(CHARACTERS.charAt(ThreadLocalRandom.current().nextInt(CHARACTERS.length())));
        }
        return out.toString();
    }

    private static String oneDigitOff(String phone) {
        char last = phone.charAt(phone.length() - 1);
        return phone.substring(0, phone.length() - 1) + (last == '9' ? '8' : (char) (last + 1));
    }

    private static char otherCharacter(String name) {
        char last = name.charAt(name.length() - 1);
        return CHARACTERS.charAt((CHARACTERS.indexOf(last) + 1) % CHARACTERS.length());
    }
}
