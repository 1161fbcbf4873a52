package org.fengqiao.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.support.CourtMediations;
import org.fengqiao.gateway.support.Metrics;
import org.fengqiao.gateway.support.SignedSources;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.Test;

/**
 * A flood of refused calls is counted in full by the metric and costs the log a few lines: the
 * first at once, then one summary per interval (2 s in the test profile) per source and reason.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class RefusalLogTest {

    static final int REFUSED = 200;
    static final String METRIC = "gateway_auth_refusals_total";
    static final String LABELS = "reason=\"bad_signature\",source=\"COURT_MEDIATION\"";
    static final Pattern FIRST = Pattern.compile("Refused a call: source=COURT_MEDIATION reason=bad_signature:");
    static final Pattern SUMMARY = Pattern.compile(
            "Refused (\\d+) more call\\(s\\): source=COURT_MEDIATION reason=bad_signature in the last");

    @Test
    void twoHundredForgedRequestsAreAllCountedAndLoggedInAFewLines() throws Exception {
        double countedBefore = Metrics.value(METRIC, LABELS);
        long logStart = MalformedCredentialsTest.logSize();
        byte[] body = CourtMediations.json(CourtMediations.valid(CourtMediations.newCaseNo()))
                .getBytes(StandardCharsets.UTF_8);

        for (int i = 0; i < REFUSED; i++) {
            given().header(SignedSources.UNSIGNED, "1")
                    .headers(SignedSources.headers("COURT_MEDIATION", "guessed-secret", body, Instant.now()))
                    .contentType("application/json;charset=UTF-8").body(body).post("/api/v1/sources/court/mediations")
                    .then().statusCode(401);
        }

        assertThat(Metrics.value(METRIC, LABELS) - countedBefore).as("refusals counted").isEqualTo(REFUSED);
        // Every refusal is in the log exactly once: alone (the first of an interval) or in a summary's count.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> accountedFor(MalformedCredentialsTest.logSince(logStart)) == REFUSED);
        List<String> lines = MalformedCredentialsTest.logSince(logStart).lines()
                .filter(l -> l.contains("source=COURT_MEDIATION reason=bad_signature")).toList();
        assertThat(lines).as("log lines for %d refusals", REFUSED).hasSizeLessThanOrEqualTo(10);
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("guessed").doesNotContain("\tat "));
    }

    private static int accountedFor(String log) {
        int refusals = 0;
        Matcher first = FIRST.matcher(log);
        while (first.find()) {
            refusals++;
        }
        Matcher summary = SUMMARY.matcher(log);
        while (summary.find()) {
            refusals += Integer.parseInt(summary.group(1));
        }
        return refusals;
    }
}
