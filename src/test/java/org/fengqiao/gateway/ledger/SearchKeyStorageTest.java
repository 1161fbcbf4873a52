package org.fengqiao.gateway.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * What the centre's search keeps in the ledger holds no party's phone number, name or address in
 * clear: only keyed hashes, of each kind, for the dispute posted; and its risk marks.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class SearchKeyStorageTest {

    @Inject
    LedgerDatabase database;

    @Test
    void theSearchKeysOfAWorkOrderHoldNoClearPhoneNameOrAddress() throws Exception {
        String phone = "13766" + String.format("%06d", (int) (Math.random() * 1_000_000));
        String name = "测试存储";
        String address = "浙江省绍兴市诸暨市店口镇存储路77号";
        String idNumber = IdNumbers.random();
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        order.put("fsdz", address);
        order.put("sqr", Map.of("xm", name, "sfzh", idNumber, "lxdh", phone));
        String id = given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202).extract().path("disputeId");

        List<String> kinds = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        String addressKeys;
        int version;
        try (Connection c = database.connection()) {
            try (PreparedStatement s = c.prepareStatement(
                    "select kind, key_hash from dispute_search_key where dispute_id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        kinds.add(rs.getString(1));
                        stored.add(rs.getString(2));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "select address_keys, search_keys_version from dispute where dispute_id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    addressKeys = rs.getString(1);
                    version = rs.getInt(2);
                }
            }
        }
        // The applicant's ID number, phone and name; the respondent's name (the work order gives no more of it).
        assertThat(kinds).containsExactlyInAnyOrder("ID", "PHONE", "NAME", "NAME");
        assertThat(stored).allMatch(k -> k.matches("[0-9a-f]{64}"));
        assertThat(version).isEqualTo(SearchKeys.VERSION);
        assertThat(addressKeys.strip().split(" ")).hasSize(17).allMatch(k -> k.matches("[0-9a-f]{6}"));

        String everything = String.join(" ", stored) + addressKeys;
        assertThat(everything).doesNotContain(phone).doesNotContain(phone.substring(3)).doesNotContain(idNumber)
                .doesNotContain(name).doesNotContain("测试");
        // Neither the address nor any of its pairs: no Chinese character at all (a pair of digits, such as
        // 77, may occur in hex by chance, so the keys are checked to be hex above instead).
        assertThat(everything).doesNotContain(address).doesNotContainPattern("\\p{IsHan}");
    }
}
