package org.fengqiao.gateway.feedback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.fengqiao.gateway.support.GatewayApi.event;
import static org.fengqiao.gateway.support.GatewayApi.postWorkOrder;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.support.Metrics;
import org.fengqiao.gateway.support.TestClock;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Feedback that cannot go out is said and shown: with the hotline's API down, the log gets a WARN
 * naming the source and the call (once, not per attempt, and without the dispute's personal data) and
 * the health check {@code feedback} is DOWN naming the source and why; when the API is back the calls
 * go out and the check is UP again.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class FeedbackStallTest {

    static final String HOTLINE = "HOTLINE_12345";
    static final String DIANKOU = "330681104";
    static final Path LOG = Path.of("target", "test-logs", "gateway.log");
    static final String FEEDBACK = "checks.find { it.name == 'feedback' }";

    @Inject
    FeedbackRelay relay;
    @Inject
    FeedbackStore store;

    WireMockServer hotline;

    @BeforeEach
    void simulator() {
        hotline = WireMockSimulators.server();
    }

    @AfterEach
    void removeFaults() {
        hotline.listAllStubMappings().getMappings().stream()
                .filter(m -> m.getMetadata() != null && m.getMetadata().containsKey("test"))
                .forEach(hotline::removeStubMapping);
    }

    @Test
    void aSourceWhoseApiIsDownIsLoggedOnceAndShownInHealthUntilItTakesFeedbackAgain() throws Exception {
        // Start from a hotline that takes feedback, whatever earlier tests left owed: four calls taken
        // fill the breaker's window (its last four calls) with successes.
        List<String> before = List.of(signed(WorkOrders.newGdbh()), signed(WorkOrders.newGdbh()),
                signed(WorkOrders.newGdbh()), signed(WorkOrders.newGdbh()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            relay.relay(HOTLINE);
            return before.stream().allMatch(this::taken);
        });

        long logStart = logSize();
        int servedBefore = hotline.getAllServeEvents().size();
        hotline.stubFor(post(urlPathMatching("/open/workorder/.*")).atPriority(1)
                .willReturn(aResponse().withStatus(503)).withMetadata(Map.of("test", true)));
        List<String> owed = List.of(WorkOrders.newGdbh(), WorkOrders.newGdbh());
        for (String gdbh : owed) {
            signed(gdbh);
        }
        // The owed calls age past the test profile's stall-after while the breaker opens.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            TestClock.advance(Duration.ofHours(1));
            relay.relay(HOTLINE);
            Metrics.management().get("/q/health").then().statusCode(503)
                    .body(FEEDBACK + ".status", equalTo("DOWN"))
                    .body(FEEDBACK + ".data.stalled", containsString(HOTLINE))
                    .body(FEEDBACK + ".data." + HOTLINE, allOf(containsString("circuit breaker open"),
                            containsString("oldest owed call waiting"), containsString("SIGN call (POST)"),
                            containsString("503")));
        });
        Metrics.management().get("/q/health/well").then().statusCode(503)
                .body(FEEDBACK + ".status", equalTo("DOWN"));
        // Not readiness: the gateway keeps taking cases while a source's API is down.
        Metrics.management().get("/q/health/ready").then().body("checks.name", not(hasItem("feedback")));

        // Two more rounds of the outage (the test profile allows 4 attempts a call before it is a dead
        // letter): each time the breaker lets one call through, it fails, the breaker opens again.
        for (int round = 0; round < 2; round++) {
            Thread.sleep(1200); // past the test profile's breaker-delay
            TestClock.advance(Duration.ofHours(1));
            relay.relay(HOTLINE);
        }
        List<ServeEvent> served = hotline.getAllServeEvents(); // newest first
        long refused = served.stream().limit(served.size() - servedBefore)
                .filter(e -> e.getResponse().getStatus() == 503).count();
        List<String> warnings = logSince(logStart).lines()
                .filter(l -> l.contains("WARN") && l.contains("Feedback to " + HOTLINE)).toList();
        assertThat(refused).isGreaterThanOrEqualTo(3);
        assertThat(warnings).filteredOn(l -> l.contains("is held: the SIGN call (POST) failed")).hasSize(1);
        assertThat(warnings).filteredOn(l -> l.contains("circuit breaker opened")).hasSize(1);
        // Summary lines aside (one a minute), which say how many more failed.
        assertThat(warnings).filteredOn(l -> !l.contains("still held")).hasSizeLessThan((int) refused);
        // The work orders' people (postWorkOrder's applicant) never reach these lines.
        assertThat(warnings).noneMatch(l -> l.contains("测试甲") || l.contains("13900001111"));

        // The hotline is back: the owed calls go out and the check is UP again.
        removeFaults();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            TestClock.advance(Duration.ofHours(1));
            // Other sources' calls that earlier tests left owed go out (or die) too.
            for (String source : store.sourcesWithWork()) {
                relay.relay(source);
            }
            assertThat(owed).allMatch(this::taken);
            Metrics.management().get("/q/health/well").then().body(FEEDBACK + ".status", equalTo("UP"));
        });
        assertThat(logSince(logStart)).contains("Feedback to " + HOTLINE + " is taken again after");
    }

    /** A new work order to Diankou, signed: the hotline is owed a SIGN call. */
    private static String signed(String gdbh) {
        String id = postWorkOrder(gdbh, "诸暨市店口镇解放路18号");
        event(id, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);
        return gdbh;
    }

    /** Whether the hotline took the SIGN call of this work order. */
    private boolean taken(String gdbh) {
        return hotline.getAllServeEvents().stream().anyMatch(e -> isSignTaken(e, gdbh));
    }

    private static boolean isSignTaken(ServeEvent e, String gdbh) {
        return e.getRequest().getUrl().startsWith("/open/workorder/sign") && e.getResponse().getStatus() == 200
                && e.getRequest().getBodyAsString().contains(gdbh);
    }

    static long logSize() throws Exception {
        return Files.exists(LOG) ? Files.size(LOG) : 0;
    }

    static String logSince(long start) throws Exception {
        byte[] all = Files.readAllBytes(LOG);
        return new String(all, (int) Math.min(start, all.length), (int) Math.max(0, all.length - start),
                StandardCharsets.UTF_8);
    }
}
