package org.fengqiao.gateway.intake;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.camel.CamelContext;
import org.fengqiao.gateway.intake.polling.PollingRound;
import org.fengqiao.gateway.ledger.SourceCursors;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.PollingRoutes;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A polled JSON source defined by files only (test-config/sources/TEST_POLL.yaml, its schema and
 * category table, and the templatedRoute in test-routes/test-poll.yaml): its API pages by cursor;
 * the items reach the township's queue in the order of the pages, the cursor follows, and the next
 * round asks from the cursor and brings nothing twice.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class PolledFileSourceTest {

    static final String SOURCE = "TEST_POLL";
    static final String DIANKOU = "dispute.handler.330681104";

    @Inject
    CamelContext camel;
    @Inject
    SourceCursors cursors;
    @Inject
    ObjectMapper json;

    @AfterEach
    void removeTestPages() {
        WireMockServer api = WireMockSimulators.server();
        api.listAllStubMappings().getMappings().stream()
                .filter(m -> m.getMetadata() != null && m.getMetadata().containsKey("test-poll"))
                .forEach(api::removeStubMapping);
    }

    @Test
    void pagedItemsReachTheTownshipInOrderTheCursorFollowsAndNothingComesTwice() throws Exception {
        WireMockServer api = WireMockSimulators.server();
        api.resetRequests();
        cursors.forget(SOURCE);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> records = List.of("P" + run + "-1", "P" + run + "-2", "P" + run + "-3");
        String c1 = run + "-c1";
        String c2 = run + "-c2";
        String c3 = run + "-c3";
        page(get(urlPathEqualTo("/test-poll/items")).withQueryParam("after", absent()), records.get(0), c1);
        page(get(urlPathEqualTo("/test-poll/items")).withQueryParam("after", equalTo(c1)), records.get(1), c2);
        page(get(urlPathEqualTo("/test-poll/items")).withQueryParam("after", equalTo(c2)), records.get(2), c3);
        page(get(urlPathEqualTo("/test-poll/items")).withQueryParam("after", equalTo(c3)), null, null);

        try (HandlerQueues queues = HandlerQueues.embedded()) {
            queues.drain(DIANKOU, 100);
            PollingRoutes route = new PollingRoutes(camel, "test-poll");

            PollingRound.Result first = route.pollRound();
            assertThat(first.outcome()).isEqualTo(PollingRound.Outcome.POLLED);
            assertThat(first.accepted()).isEqualTo(3);
            List<String> arrived = new ArrayList<>();
            for (TextMessage m : queues.drain(DIANKOU, 5000)) {
                var dispute = json.readTree(m.getText());
                assertThat(dispute.at("/source/system").asText()).isEqualTo(SOURCE);
                assertThat(dispute.at("/category/code").asText()).isEqualTo("NEIGHBOR");
                arrived.add(dispute.at("/source/recordId").asText());
            }
            assertThat(arrived).containsExactlyElementsOf(records);
            assertThat(cursors.load(SOURCE)).contains(c3);
            api.verify(getRequestedFor(urlPathEqualTo("/test-poll/items")).withQueryParam("size", equalTo("1")));

            PollingRound.Result next = route.pollRound();
            assertThat(next.outcome()).isEqualTo(PollingRound.Outcome.POLLED);
            assertThat(next.items()).isZero();
            assertThat(queues.drain(DIANKOU, 2000)).isEmpty();
            assertThat(cursors.load(SOURCE)).contains(c3);
            api.verify(2, getRequestedFor(urlPathEqualTo("/test-poll/items")).withQueryParam("after", equalTo(c3)));
        }
    }

    private void page(MappingBuilder request, String record, String next) throws Exception {
        Map<String, Object> body = new HashMap<>();
        List<Map<String, Object>> items = new ArrayList<>();
        if (record != null) {
            items.add(Map.of("bh", record, "nr", "邻居装修噪音扰民", "lx", "测试邻里", "dz", "诸暨市店口镇解放路18号"));
        }
        body.put("data", items);
        body.put("next", next);
        WireMockSimulators.server().stubFor(request.willReturn(okJson(json.writeValueAsString(body))).atPriority(1)
                .withMetadata(Map.of("test-poll", true)));
    }
}
