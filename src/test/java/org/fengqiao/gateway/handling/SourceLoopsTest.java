package org.fengqiao.gateway.handling;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.fengqiao.gateway.support.GatewayApi.disputeField;
import static org.fengqiao.gateway.support.GatewayApi.event;
import static org.fengqiao.gateway.support.GatewayApi.status;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.fengqiao.gateway.feedback.FeedbackRelay;
import org.fengqiao.gateway.support.PollingRoutes;
import org.fengqiao.gateway.ledger.LedgerMetrics;
import org.fengqiao.gateway.ledger.SourceCursors;
import org.fengqiao.gateway.support.CourtMediations;
import org.fengqiao.gateway.support.Metrics;
import org.fengqiao.gateway.support.PetitionItems;
import org.fengqiao.gateway.support.TestClock;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loop for the petition platform, the police platform and the court, each against its
 * simulator in mappings/: in, routed, signed, resolved, the source's API called with the result,
 * closed. Then the metrics after that script.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class SourceLoopsTest {

    @Inject
    FeedbackRelay relay;
    @Inject
    org.apache.camel.CamelContext camel;
    @Inject
    SourceCursors cursors;
    @Inject
    LedgerMetrics ledgerMetrics;
    @Inject
    org.fengqiao.gateway.ledger.DisputeLedger disputes;
    @Inject
    ObjectMapper json;
    @Inject
    org.fengqiao.gateway.ledger.LedgerDatabase database;

    WireMockServer simulators;

    @BeforeEach
    void fresh() {
        simulators = WireMockSimulators.server();
        simulators.resetRequests();
    }

    @Test
    void petitionIsAcceptedAndItsResultGoesBackAsXml() throws Exception {
        PetitionItems item = PetitionItems.valid(PetitionItems.newXfjbh());
        String id = given().contentType("application/xml;charset=UTF-8")
                .body(item.xml().getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/sources/petition/items")
                .then().statusCode(202).extract().path("disputeId");
        String holder = "330681109";
        event(id, Map.of("type", "SIGNED", "handlerId", holder)).statusCode(200);
        event(id, Map.of("type", "RESOLVED", "handlerId", holder, "outcome", "MEDIATED", "note", "勘界确权完成"))
                .statusCode(200);
        assertThat(relay.relay("PETITION")).isEqualTo(2);

        String base = "/xf/items/" + item.xfjbh();
        List<LoggedRequest> acceptance = simulators.findAll(postRequestedFor(urlPathMatching(base + "/acceptance")));
        List<LoggedRequest> result = simulators.findAll(postRequestedFor(urlPathMatching(base + "/result")));
        assertThat(acceptance).hasSize(1);
        assertThat(result).hasSize(1);
        assertThat(result.get(0).getBodyAsString()).contains("<Bljg>调解成功：勘界确权完成</Bljg>")
                .contains("<Bldw>诸暨市枫桥镇</Bldw>");
        status(id, "CLOSED");
    }

    @Test
    void policeIncidentGetsItsDisposalResult() throws Exception {
        // A page of its own, after a cursor of its own, so other tests' reading does not matter.
        String cursor = "loop-" + System.nanoTime();
        String jqbh = "J" + System.nanoTime();
        cursors.save("POLICE_RISK", cursor, java.time.OffsetDateTime.now());
        Map<String, Object> item = Map.of("jqbh", jqbh, "jjsj", "2026-11-29T10:00:00+08:00", "afdz", "诸暨市枫桥镇枫源村",
                "jqlb", "200200", "jyqk", "邻里因通行发生纠纷", "fxdj", "黄",
                "dsr", List.of(Map.of("xm", "测试庚", "sfzh", org.fengqiao.gateway.support.IdNumbers.random(), "js", "当事人")));
        simulators.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/risk/disputes"))
                .withQueryParam("since", com.github.tomakehurst.wiremock.client.WireMock.equalTo(cursor)).atPriority(1)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(json.writeValueAsString(
                        Map.of("items", List.of(item), "nextCursor", cursor + "-next")))));
        assertThat(new PollingRoutes(camel, "police-risk-poll").pollRound().accepted()).isEqualTo(1);
        String id = disputes.findBySourceRecord("POLICE_RISK", jqbh).orElseThrow().disputeId();
        event(id, Map.of("type", "SIGNED", "handlerId", "330681109")).statusCode(200);
        event(id, Map.of("type", "RESOLVED", "handlerId", "330681109", "outcome", "FAILED", "note", "双方分歧大"))
                .statusCode(200);
        assertThat(relay.relay("POLICE_RISK")).isEqualTo(1);
        List<LoggedRequest> disposal = simulators.findAll(postRequestedFor(urlPathMatching(
                "/api/risk/disputes/" + jqbh + "/disposal")));
        assertThat(disposal).hasSize(1);
        assertThat(json.readTree(disposal.get(0).getBodyAsString()).path("czjg").asText()).isEqualTo("调解未成功：双方分歧大");
        status(id, "CLOSED");
    }

    @Test
    void courtMediationsReportTheirOutcomeAndTheSuccessRateFollows() throws Exception {
        double receivedBefore = Metrics.value("gateway_disputes_received_total", "source=\"COURT_MEDIATION\"");
        long[] closedBefore = closedCourtMediations();
        String mediated = postCourt();
        String failed = postCourt();
        for (String id : List.of(mediated, failed)) {
            event(id, Map.of("type", "SIGNED", "handlerId", "330681104")).statusCode(200);
        }
        event(mediated, Map.of("type", "RESOLVED", "handlerId", "330681104", "outcome", "MEDIATED",
                "agreement", "被告分三期归还本金")).statusCode(200);
        event(failed, Map.of("type", "RESOLVED", "handlerId", "330681104", "outcome", "FAILED")).statusCode(200);
        assertThat(relay.relay("COURT_MEDIATION")).isEqualTo(2);

        List<LoggedRequest> results = simulators.findAll(putRequestedFor(urlPathMatching("/api/mediations/.+/result")));
        assertThat(results).extracting(r -> json.readTree(r.getBodyAsString()).path("outcome").asText())
                .containsExactlyInAnyOrder("MEDIATED", "FAILED");
        status(mediated, "CLOSED");
        status(failed, "CLOSED");

        ledgerMetrics.refresh();
        assertThat(Metrics.value("gateway_disputes_received_total", "source=\"COURT_MEDIATION\""))
                .isEqualTo(receivedBefore + 2);
        // One mediated and one failed more among the court's closed disputes (others, such as imported
        // history, may be there already).
        assertThat(Metrics.value("gateway_mediation_success_ratio", "source=\"COURT_MEDIATION\""))
                .isEqualTo((closedBefore[1] + 1) / (double) (closedBefore[0] + 2));
        assertThat(Metrics.value("gateway_disputes_resolution_time_seconds_count", "source=\"COURT_MEDIATION\""))
                .isGreaterThanOrEqualTo(2);
        assertThat(Metrics.value("gateway_feedback_delivered_total", "source=\"COURT_MEDIATION\""))
                .isGreaterThanOrEqualTo(2);
        assertThat(Metrics.value("gateway_disputes_dispatched_total", "handler=\"330681104\"")).isGreaterThanOrEqualTo(2);
        assertThat(Metrics.value("gateway_feedback_outbox_depth", "source=\"COURT_MEDIATION\"")).isZero();
    }

    @Test
    void openAndOverdueCountsPerHandler() throws Exception {
        String id = postCourt();
        ledgerMetrics.refresh();
        double open = Metrics.value("gateway_disputes_open", "handler=\"330681104\"");
        assertThat(open).isGreaterThanOrEqualTo(1);
        event(id, Map.of("type", "SIGNED", "handlerId", "330681104")).statusCode(200);
        event(id, Map.of("type", "RESOLVED", "handlerId", "330681104", "outcome", "WITHDRAWN")).statusCode(200);
        ledgerMetrics.refresh();
        assertThat(Metrics.value("gateway_disputes_open", "handler=\"330681104\"")).isEqualTo(open - 1);
    }

    @Test
    void overdueCountsFollowTheClockWithNothingElseChanging() throws Exception {
        // A deadline ahead of the test clock, wherever other tests have moved it.
        Map<String, Object> mediation = CourtMediations.valid(CourtMediations.newCaseNo());
        mediation.put("mediationDeadline", LocalDate.now(new TestClock()).plusDays(30).toString());
        String id = postCourt(mediation);
        status(id, "DISPATCHED");
        OffsetDateTime due = OffsetDateTime.parse(disputeField(id, "dispute.assignment.dueAt"));
        // Twice: after a count that found the ledger as the one before, the open disputes are not counted again.
        ledgerMetrics.refresh();
        ledgerMetrics.refresh();
        double overdue = Metrics.value("gateway_disputes_overdue", "handler=\"330681104\"");
        double open = Metrics.value("gateway_disputes_open", "handler=\"330681104\"");

        TestClock.moveTo(due.plusMinutes(1));
        ledgerMetrics.refresh();
        assertThat(Metrics.value("gateway_disputes_overdue", "handler=\"330681104\"")).isGreaterThanOrEqualTo(overdue + 1);
        assertThat(Metrics.value("gateway_disputes_open", "handler=\"330681104\"")).isEqualTo(open);
    }

    private String postCourt() {
        return postCourt(CourtMediations.valid(CourtMediations.newCaseNo()));
    }

    private String postCourt(Map<String, Object> mediation) {
        return given().contentType(ContentType.JSON).body(CourtMediations.json(mediation))
                .post("/api/v1/sources/court/mediations").then().statusCode(202).extract().path("disputeId");
    }

    /** The court's closed disputes in the ledger, and how many of them were mediated. */
    private long[] closedCourtMediations() throws Exception {
        try (var c = database.connection();
                var s = c.prepareStatement("select count(*), count(case when outcome = 'MEDIATED' then 1 end) "
                        + "from dispute where status = 'CLOSED' and source_system = 'COURT_MEDIATION'");
                var rs = s.executeQuery()) {
            rs.next();
            return new long[] { rs.getLong(1), rs.getLong(2) };
        }
    }
}
