package org.fengqiao.gateway.jurisdiction.standard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.ledger.EmbeddedLedgerUrl;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.support.CanonicalSchema;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.StandardAddressFiles;
import org.fengqiao.gateway.support.StandardAddressFiles.Run;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Standard addresses loaded by the import-addresses command into the ledger's database (the embedded
 * one, or PostgreSQL where the suite runs on it), then used through the gateway's outside interfaces:
 * the jurisdiction API and a hotline work order reaching its township's queue with the grid.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class StandardAddressImportTest {

    static final String HUISHAN = "330624104"; // 新昌县回山镇: no other test sends cases there
    static final String WORK_ORDERS = "/api/v1/sources/hotline/work-orders";
    static final Path WORK = Path.of("target", "standard-addresses");

    static HandlerQueues queues;
    final ObjectMapper json = new ObjectMapper();

    @Inject
    LedgerDatabase ledger;

    @BeforeAll
    static void connect() throws Exception {
        queues = HandlerQueues.embedded();
        Files.createDirectories(WORK);
    }

    @AfterAll
    static void disconnect() throws Exception {
        queues.close();
    }

    /** One data line of a generated file, by its columns. */
    record Row(String code, String address, String township, String grid) {
        static Row of(String line) {
            String[] f = line.split(",", -1);
            return new Row(f[0], f[1], f[3], f[5]);
        }
    }

    static List<String> generate(String name, int rows, long seed) throws Exception {
        return generate(name, HUISHAN, rows, seed);
    }

    static List<String> generate(String name, String region, int rows, long seed) throws Exception {
        Path file = WORK.resolve(name);
        new AddressFileGenerator(Gazetteer.loadDefault(), region).write(file, rows, seed);
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static Path write(String name, List<String> lines) throws Exception {
        Path file = WORK.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** The command's entry point on the database the gateway under test uses. */
    Run importAddresses(Path file, String... options) throws Exception {
        return StandardAddressFiles.load(ledger, file, options);
    }

    static JsonPath resolve(String param, String value) {
        return given().queryParam(param, value).get("/api/v1/jurisdiction/resolve").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void codesAndTextsOfALoadedFileRouteToTheirTownshipWithTheGrid() throws Exception {
        List<String> lines = generate("huishan.csv", 300, 1);
        Row byCode = Row.of(lines.get(10));
        Row byText = Row.of(lines.get(20));
        String otherCounty = lines.get(30).replace("," + HUISHAN + ",", ",330681104,");
        lines.add(otherCounty);                                              // line 302
        lines.add("BAD1,浙江省绍兴市新昌县回山镇某处");                         // line 303: 2 fields
        lines.add(lines.get(2).replace(",浙江省", ",另一个浙江省"));             // line 304: code of line 3 again
        lines.add(lines.get(40).replaceFirst("^[0-9a-f]+,", "LONLAT1,")
                .replaceFirst(",[0-9.]+,([0-9.]+)$", ",东经,$1"));                // line 305: longitude not a number
        Run run = importAddresses(write("huishan-with-errors.csv", lines), "--chunk", "100");

        assertThat(run.status()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("300 addresses loaded, 4 lines rejected")
                .contains("rejected line 302: township_code 330681104 is not in county 330624")
                .contains("rejected line 303: has 2 fields, the header 9")
                .contains("rejected line 304: code " + Row.of(lines.get(2)).code() + " is on an earlier line too")
                .contains("rejected line 305: longitude is not a number");
        assertThat(run.err()).contains("100%").contains("300 rows").contains("rows/s").contains("left 0:00");

        // The gateway picks a first load up within a second.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                resolve("code", byCode.code()).prettify()).contains("\"method\": \"STANDARD_ADDRESS\""));
        JsonPath r = resolve("code", byCode.code());
        assertThat(r.getString("townshipCode")).isEqualTo(HUISHAN);
        assertThat(r.getString("gridCode")).isEqualTo(byCode.grid());
        assertThat(r.getString("handlerId")).isEqualTo(HUISHAN);

        // A source's bzdzbm alone decides, whatever the address text says.
        queues.drain("dispute.handler." + HUISHAN, 100);
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        order.remove("xzqh");
        order.put("fsdz", "老街口那家小店门前");
        order.put("bzdzbm", byCode.code());
        JsonNode dispute = postAndTake(order);
        assertThat(dispute.at("/location/townshipCode").asText()).isEqualTo(HUISHAN);
        assertThat(dispute.at("/location/standardAddressCode").asText()).isEqualTo(byCode.code());
        assertThat(dispute.at("/location/gridCode").asText()).isEqualTo(byCode.grid());
        assertThat(dispute.at("/location/resolution/method").asText()).isEqualTo("STANDARD_ADDRESS");
        assertThat(dispute.at("/assignment/handlerId").asText()).isEqualTo(HUISHAN);
        assertThat(dispute.at("/assignment/gridCode").asText()).isEqualTo(byCode.grid());

        // The address text as a citizen writes it (no province or city, a space, full-width digits).
        String written = byText.address().replace("浙江省绍兴市", "").replace("回山镇", "回山镇 ")
                .replace('1', '１');
        order = WorkOrders.valid(WorkOrders.newGdbh());
        order.remove("xzqh");
        order.put("fsdz", written);
        dispute = postAndTake(order);
        assertThat(dispute.at("/location/townshipCode").asText()).isEqualTo(HUISHAN);
        assertThat(dispute.at("/location/standardAddressCode").asText()).isEqualTo(byText.code());
        assertThat(dispute.at("/location/gridCode").asText()).isEqualTo(byText.grid());
        assertThat(dispute.at("/location/resolution/method").asText()).isEqualTo("STANDARD_ADDRESS_TEXT");
    }

    private JsonNode postAndTake(Map<String, Object> order) throws Exception {
        given().contentType(ContentType.JSON).body(WorkOrders.json(order)).post(WORK_ORDERS).then().statusCode(202);
        List<TextMessage> messages = queues.drain("dispute.handler." + HUISHAN, 5000);
        assertThat(messages).hasSize(1);
        String schema = given().get("/api/v1/schemas/canonical-dispute-v1.json").then().statusCode(200)
                .extract().asString();
        assertThat(CanonicalSchema.fromServedText(schema).problems(messages.get(0).getText())).isEmpty();
        return json.readTree(messages.get(0).getText());
    }

    @Test
    void aNewFileReplacesTheOldWithoutAMomentOfFailedLookupsAndKeepsVanishedCodes() throws Exception {
        List<String> first = generate("replace-first.csv", 3000, 7);
        assertThat(importAddresses(WORK.resolve("replace-first.csv")).status()).isEqualTo(0);
        Row kept = Row.of(first.get(100));
        Row vanished = Row.of(first.get(3));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                resolve("code", kept.code()).prettify()).contains("\"method\": \"STANDARD_ADDRESS\""));

        List<String> second = new ArrayList<>(first);
        second.subList(3, 6).clear();                                   // three codes disappear
        second.addAll(generate("replace-extra.csv", "330624001", 500, 8).subList(1, 501)); // 羽林街道
        Row added = Row.of(second.get(second.size() - 1));

        AtomicBoolean importing = new AtomicBoolean(true);
        AtomicInteger lookups = new AtomicInteger();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            while (importing.get()) {
                try {
                    JsonPath r = resolve("code", kept.code());
                    lookups.incrementAndGet();
                    if (!"STANDARD_ADDRESS".equals(r.getString("method"))
                            || !HUISHAN.equals(r.getString("townshipCode"))) {
                        failures.add(r.prettify());
                    }
                } catch (AssertionError | RuntimeException e) {
                    failures.add(e.toString());
                }
            }
        });
        reader.start();
        Run run;
        try {
            run = importAddresses(write("replace-second.csv", second), "--chunk", "250");
        } finally {
            importing.set(false);
            reader.join(10_000);
        }
        assertThat(run.status()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("3,497 addresses loaded, 0 lines rejected, 3 codes retired");
        assertThat(lookups.get()).isPositive();
        assertThat(failures).isEmpty();

        // A vanished code still resolves for the disputes that carry it; the new ones do too.
        JsonPath old = resolve("code", vanished.code());
        assertThat(old.getString("method")).isEqualTo("STANDARD_ADDRESS");
        assertThat(old.getString("townshipCode")).isEqualTo(HUISHAN);
        assertThat(resolve("code", added.code()).getString("method")).isEqualTo("STANDARD_ADDRESS");
        // Its text, though, is no standard address any more: the gazetteer decides.
        assertThat(resolve("address", vanished.address()).getString("method")).isEqualTo("TOWNSHIP_NAME");
    }

    @Test
    void anImportKilledMidwayGoesOnWhereItStoppedWhenRunAgain() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(WORK), "killed");
        Path file = WORK.resolve("killed.tsv");
        new AddressFileGenerator(Gazetteer.loadDefault(), "330624").write(file, 60_000, 11);

        Process first = command(dataDir, file, "--chunk", "500").start();
        String progress = null;
        try (BufferedReader err = new BufferedReader(new InputStreamReader(first.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                if (line.contains(" rows ") && !line.contains("100%")) {
                    progress = line;
                    break;
                }
                if (line.contains("100%")) break;
            }
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no last commit
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(progress).as("a progress line before the kill").isNotNull();

        Path errFile = dataDir.resolve("second.err");
        Process second = command(dataDir, file, "--chunk", "500").redirectError(errFile.toFile()).start();
        String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(errFile);
        assertThat(second.exitValue()).as(err).isEqualTo(0);
        assertThat(out).containsPattern("went on after data line [1-9][0-9,]* of an import that had stopped")
                .contains("60,000 addresses loaded, 0 lines rejected");

        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("ledger").resolve("fengqiao")
                + EmbeddedLedgerUrl.OPTIONS;
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*), count(distinct a.code) from std_address a"
                        + " join std_address_current p on p.generation = a.generation")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(60_000);
            assertThat(rs.getLong(2)).isEqualTo(60_000);
        }
        assertThat(indexesOfStandardAddresses(url)).as("the load's indexes, built at its end")
                .contains("primary key", "ix_std_address_key", "ix_std_address_position");
    }

    @Test
    void anImportKilledAfterItsLastChunkBuildsTheIndexesAndSwitchesWhenRunAgain() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(WORK), "killed-at-end");
        Path file = WORK.resolve("killed-at-end.csv");
        new AddressFileGenerator(Gazetteer.loadDefault(), "330624").write(file, 60_000, 12);
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("ledger").resolve("fengqiao")
                + EmbeddedLedgerUrl.OPTIONS;

        // The embedded ledger loads without its indexes and builds them after the last chunk, before
        // the switch: killed once every row is in, as it starts building them.
        Process first = command(dataDir, file, "--chunk", "5000").start();
        String building = null;
        try (BufferedReader err = new BufferedReader(new InputStreamReader(first.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                if (line.contains("building the indexes")) {
                    building = line;
                    break;
                }
            }
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(building).as("the command says when it builds the indexes").isNotNull();

        Path errFile = dataDir.resolve("second.err");
        Process second = command(dataDir, file, "--chunk", "5000").redirectError(errFile.toFile()).start();
        String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(Files.readString(errFile)).isEqualTo(0);
        assertThat(out).contains("went on after data line 60,000 of an import that had stopped")
                .contains("60,000 addresses loaded, 0 lines rejected");
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*), count(distinct a.code) from std_address a"
                        + " join std_address_current p on p.generation = a.generation")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(60_000);
            assertThat(rs.getLong(2)).isEqualTo(60_000);
        }
        assertThat(indexesOfStandardAddresses(url))
                .contains("primary key", "ix_std_address_key", "ix_std_address_position");
    }

    /** The embedded ledger's indexes on std_address, the primary key as "primary key". */
    private static List<String> indexesOfStandardAddresses(String url) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select lower(index_name), index_type_name from information_schema.indexes"
                        + " where lower(table_name) = 'std_address'")) {
            while (rs.next()) names.add("PRIMARY KEY".equals(rs.getString(2)) ? "primary key" : rs.getString(1));
        }
        return names;
    }

    /** The jar's entry point in a process of its own, on an embedded ledger in {@code dataDir}. */
    private static ProcessBuilder command(Path dataDir, Path file, String... options) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dgateway.data-dir=" + dataDir.toAbsolutePath(), "org.fengqiao.gateway.startup.GatewayMain",
                ImportCommand.NAME));
        cmd.addAll(List.of(options));
        cmd.add(file.toString());
        return new ProcessBuilder(cmd);
    }
}
