package org.fengqiao.gateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.awaitility.Awaitility;

/**
 * Grid worker reports with files by reference ({@code fj}: {wjm, wjdz}), and the grid platform's file
 * server as the simulator plays it: mappings/grid-worker/file.json serves the sample photo of
 * __files/grid-worker for any .jpg under /files/grid/; a test adds answers of its own for its paths.
 */
public final class GridFiles {

    public static final String REPORTS = "/api/v1/sources/grid-worker/reports";
    /** The development credential the file server wants (config/application.properties). */
    public static final String AUTHORIZATION = "Bearer dev-grid-files-token";

    private GridFiles() {
    }

    /** The simulator's sample photo, as it serves it. */
    public static byte[] samplePhoto() throws Exception {
        return Files.readAllBytes(Path.of(System.getProperty("gateway.mappings-root", "."), "__files", "grid-worker",
                "site-photo.jpg"));
    }

    /** A path of its own under /files/grid/, so that a test's answers and its requests are its alone. */
    public static String newPath(String name) {
        return "/files/grid/test/" + UUID.randomUUID().toString().replace("-", "") + "/" + name;
    }

    /** The file server's address, as the gateway's configuration names it (gateway.sources.grid-worker.file-urls). */
    public static String base() {
        return "http://127.0.0.1:" + WireMockSimulators.server().port();
    }

    public static String url(String path) {
        return base() + path;
    }

    public static Map<String, Object> file(String name, String url) {
        return Map.of("wjm", name, "wjdz", url);
    }

    public static Map<String, Object> report(String sbbh, List<Map<String, Object>> files) {
        Map<String, Object> report = GridReports.valid(sbbh);
        report.put("fj", files);
        return report;
    }

    public static ValidatableResponse post(Map<String, Object> report) {
        return given().contentType(ContentType.JSON).header("Accept-Language", "zh-CN").body(GridReports.json(report))
                .post(REPORTS).then();
    }

    /** The file server answers this path with these bytes, once it has the grid platform's credential. */
    public static void serve(String path, byte[] body, int delayMillis) {
        WireMockSimulators.server().stubFor(get(urlPathEqualTo(path)).atPriority(1)
                .withHeader("Authorization", WireMock.equalTo(AUTHORIZATION))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(body)
                        .withFixedDelay(delayMillis)));
    }

    /** The file server fails with this status, every time. */
    public static void fail(String path, int status) {
        WireMockSimulators.server().stubFor(get(urlPathEqualTo(path)).atPriority(1)
                .willReturn(aResponse().withStatus(status)));
    }

    /** The file server answers 500 once, then the bytes. */
    public static void serveAfterOneFailure(String path, byte[] body) {
        String scenario = "fails once " + path;
        WireMockSimulators.server().stubFor(get(urlPathEqualTo(path)).atPriority(1).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500))
                .willSetStateTo("recovered"));
        WireMockSimulators.server().stubFor(get(urlPathEqualTo(path)).atPriority(1).inScenario(scenario)
                .whenScenarioStateIs("recovered").withHeader("Authorization", WireMock.equalTo(AUTHORIZATION))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(body)));
    }

    /** How often the gateway asked the file server for this path. */
    public static int requests(String path) {
        return WireMockSimulators.server().findAll(getRequestedFor(urlPathEqualTo(path))).size();
    }

    /** Waits until the dispute's first file (as the read API shows it, with its holder's sign-in) is in this state. */
    public static void awaitState(String disputeId, String handlerId, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> state.equals(
                given().header("X-Handler-Id", handlerId).get("/api/v1/disputes/" + disputeId).then().extract()
                        .path("dispute.attachments[0].state")));
    }
}
