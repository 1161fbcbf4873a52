package org.fengqiao.gateway.backfill;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.ledger.BackfillLedger;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Historical exports of every source imported through the {@code backfill} command's own code path
 * and the operator API, then compared with the ledger (its rows and history, the handler queues, the
 * centre's overdue list, the statistics): closed records closed with their real dates and never on a
 * queue, open ones not yet due on their township's queue, overdue ones on the centre's list; the same
 * file twice and a record that also arrives live give one dispute each; an import stopped midway goes
 * on where it stopped; rejected lines are reported with line and reason and no personal data.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class BackfillTest {

    static final Path WORK = Path.of("target", "backfill");
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final Pattern XML_RECORD = Pattern.compile("<Record><History ([^>]*)/><XfItem><Xfjbh>([^<]+)</Xfjbh>");
    static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    static final Map<String, String> RECORD_ID = Map.of("HOTLINE_12345", "gdbh", "COURT_MEDIATION", "caseNo",
            "POLICE_RISK", "jqbh", "GRID_WORKER", "sbbh");

    static HandlerQueues queues;
    final ObjectMapper json = new ObjectMapper();

    @Inject
    BackfillCommand command;
    @Inject
    LedgerDatabase ledger;
    @Inject
    BackfillConfig config;
    @Inject
    Backfill backfill;
    @Inject
    org.fengqiao.gateway.supervision.Supervisor supervisor;

    @BeforeAll
    static void connect() throws Exception {
        queues = HandlerQueues.embedded();
        Files.createDirectories(WORK);
    }

    @AfterAll
    static void disconnect() throws Exception {
        queues.close();
    }

    /**
     * 嵊州市: its history of its own, so that the open records (received within the last two days) do
     * not add to the month's figures other tests count for 诸暨市's townships.
     */
    static final String COUNTY = "330683";

    /** One record of a generated export: its id and its history as the file says. */
    record Source(String recordId, Map<String, String> history) {
        boolean closed() {
            return history.get("closedAt") != null;
        }

        OffsetDateTime at(String field) {
            return LocalDateTime.parse(history.get(field), LOCAL).atZone(GatewayTime.ZONE).toOffsetDateTime();
        }

        /** The generator's open records not yet due were received in the last two days. */
        boolean dueLater() {
            return !closed() && at("receivedAt").isAfter(OffsetDateTime.now().minusDays(3));
        }
    }

    /** The command's run, in this process: its output and its exit status. */
    record Run(int status, String out, String err) {
    }

    Run importFile(String source, Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setProperty(BackfillCommand.FILES, file.toAbsolutePath().toString());
        try {
            int status = command.run(source, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), false);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.clearProperty(BackfillCommand.FILES);
        }
    }

    Path generate(String source, int records, long seed, double open) throws Exception {
        Path file = WORK.resolve(source.toLowerCase() + "-" + seed + (source.equals("PETITION") ? ".xml" : ".jsonl"));
        new ExportGenerator(Gazetteer.loadDefault(), source, COUNTY).write(file, records, seed, open);
        return file;
    }

    List<Source> recordsOf(String source, Path file) throws Exception {
        List<Source> out = new ArrayList<>();
        if (source.equals("PETITION")) {
            Matcher m = XML_RECORD.matcher(Files.readString(file));
            while (m.find()) {
                Map<String, String> history = new LinkedHashMap<>();
                Matcher a = ATTRIBUTE.matcher(m.group(1));
                while (a.find()) {
                    history.put(a.group(1), a.group(2));
                }
                out.add(new Source(m.group(2), history));
            }
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            JsonNode node = json.readTree(line);
            Map<String, String> history = new LinkedHashMap<>();
            node.get("history").fields().forEachRemaining(f -> history.put(f.getKey(), f.getValue().asText()));
            out.add(new Source(node.get("record").get(RECORD_ID.get(source)).asText(), history));
        }
        return out;
    }

    /** The ledger's row of a source record: status, handler, received, outcome, remind_at, dispute id. */
    Map<String, Object> row(String source, String recordId) throws Exception {
        try (Connection c = ledger.connection();
                PreparedStatement s = c.prepareStatement("select dispute_id, status, handler_id, received_at, outcome,"
                        + " remind_at, escalate_at from dispute where source_system = ? and source_record_id = ?")) {
            s.setString(1, source);
            s.setString(2, recordId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> row = new HashMap<>();
                row.put("disputeId", rs.getString(1));
                row.put("status", rs.getString(2));
                row.put("handlerId", rs.getString(3));
                row.put("receivedAt", rs.getObject(4, OffsetDateTime.class));
                row.put("outcome", rs.getString(5));
                row.put("remindAt", rs.getObject(6, OffsetDateTime.class));
                row.put("escalateAt", rs.getObject(7, OffsetDateTime.class));
                return row;
            }
        }
    }

    /** A dispute's history as "EVENT@instant". */
    List<String> history(String disputeId) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ledger.connection();
                PreparedStatement s = c.prepareStatement(
                        "select event, occurred_at from dispute_history where dispute_id = ? order by id")) {
            s.setString(1, disputeId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "@" + rs.getObject(2, OffsetDateTime.class).toInstant());
                }
            }
        }
        return out;
    }

    long count(String sql, String... params) throws Exception {
        try (Connection c = ledger.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The dispute ids of the messages waiting on a handler's queue (taken off it). */
    Set<String> onQueue(String handlerId) throws Exception {
        Set<String> ids = new HashSet<>();
        for (TextMessage m : queues.drain("dispute.handler." + handlerId, 1500)) {
            ids.add(json.readTree(m.getText()).path("disputeId").asText());
        }
        return ids;
    }

    @Test
    void everySourcesHistoryEntersTheLedgerAsItsRecordsSay() throws Exception {
        long seed = 3001;
        for (String source : ExportGenerator.SOURCES) {
            Path file = generate(source, 30, seed++, 0.4);
            List<Source> records = recordsOf(source, file);
            assertThat(records).hasSize(30);
            Run run = importFile(source, file);
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out()).as(source).contains(": 30 read, 30 imported, 0 already present, 0 rejected");
            assertThat(run.err()).as("the progress bar").contains("records/s").contains("left");

            Set<String> handlers = new HashSet<>();
            Map<String, String> expectedOnQueue = new HashMap<>();
            Set<String> historical = new HashSet<>();
            int closed = 0;
            int overdue = 0;
            for (Source r : records) {
                Map<String, Object> row = row(source, r.recordId());
                assertThat(row).as(source + " " + r.recordId()).isNotNull();
                String id = (String) row.get("disputeId");
                handlers.add(r.history().get("handlerId"));
                assertThat(row.get("handlerId")).as(id).isEqualTo(r.history().get("handlerId"));
                assertThat(((OffsetDateTime) row.get("receivedAt")).toInstant()).as(id)
                        .isEqualTo(r.at("receivedAt").toInstant());
                List<String> history = history(id);
                assertThat(history.get(0)).isEqualTo("BACKFILLED@" + r.at("receivedAt").toInstant());
                if (r.closed()) {
                    closed++;
                    historical.add(id);
                    assertThat(row.get("status")).as(id).isEqualTo("CLOSED");
                    assertThat(row.get("outcome")).as(id).isEqualTo(r.history().get("outcome"));
                    assertThat(row.get("remindAt")).as(id).isNull();
                    assertThat(history).as(id).contains("SIGNED@" + r.at("signedAt").toInstant(),
                            "RESOLVED@" + r.at("closedAt").toInstant());
                    assertThat(history.get(history.size() - 1)).startsWith("CLOSED@");
                    if ("SATISFIED".equals(r.history().get("evaluation"))) {
                        assertThat(history).contains("EVALUATED@" + r.at("evaluatedAt").toInstant());
                    }
                } else if (r.dueLater()) {
                    expectedOnQueue.put(id, r.history().get("handlerId"));
                    assertThat(row.get("remindAt")).as(id).isNotNull();
                } else {
                    overdue++;
                    historical.add(id);
                    assertThat(row.get("status")).as(id).isEqualTo("RECEIVED");
                    assertThat(row.get("remindAt")).as(id).isNull();
                    assertThat(row.get("escalateAt")).as(id).isNull();
                    assertThat(count("select count(*) from backfill_overdue where dispute_id = ?", id)).isEqualTo(1);
                }
            }
            assertThat(closed).as(source + " closed").isPositive();
            assertThat(overdue + expectedOnQueue.size()).as(source + " open").isPositive();
            assertThat(run.out()).contains(overdue + " open past their deadline listed for the county centre");

            // On the queues: the open records not yet due, each once; nothing closed or overdue.
            Set<String> queued = new HashSet<>();
            for (String handler : handlers) {
                queued.addAll(onQueue(handler));
            }
            assertThat(queued).containsAll(expectedOnQueue.keySet()).doesNotContainAnyElementsOf(historical);
            for (Source r : records) {
                Map<String, Object> row = row(source, r.recordId());
                if (expectedOnQueue.containsKey((String) row.get("disputeId"))) {
                    assertThat(row.get("status")).as(r.recordId()).isEqualTo("DISPATCHED");
                }
            }
        }
    }

    @Test
    void historyIsNeverSupervisedAndTheStatisticsCountIt() throws Exception {
        Path file = generate("HOTLINE_12345", 20, 3101, 0.5);
        List<Source> records = recordsOf("HOTLINE_12345", file);
        assertThat(importFile("HOTLINE_12345", file).status()).isZero();
        List<String> historical = new ArrayList<>();
        List<String> closedIds = new ArrayList<>();
        for (Source r : records) {
            if (!r.dueLater()) {
                String id = (String) row("HOTLINE_12345", r.recordId()).get("disputeId");
                historical.add(id);
                if (r.closed()) {
                    closedIds.add(id);
                }
            }
        }
        given().auth().preemptive().basic("operator", "dev-operator").get("/api/v1/backfills/overdue")
                .then().statusCode(200);
        // A supervision round well after every deadline: nothing historical is reminded, supervised or escalated.
        supervisor.superviseOnce();
        for (String id : historical) {
            assertThat(count("select count(*) from dispute_supervision where dispute_id = ?", id)).as(id).isZero();
        }
        // The statistics follow the history: the closed ones are counted resolved.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String id : closedIds) {
                assertThat(count("select count(*) from statistics_fact where dispute_id = ? and resolved = 1"
                        + " and dispatched = 1", id)).as(id).isEqualTo(1);
            }
        });
        // Years of history are no storm of arrivals: no warning has a closed historical dispute as its evidence.
        for (String id : closedIds) {
            assertThat(count("select count(*) from risk_warning_evidence where dispute_id = ?", id)).isZero();
        }
    }

    @Test
    void theSameFileTwiceAndARecordThatAlsoArrivesLiveAreOneDisputeEach() throws Exception {
        Path file = generate("HOTLINE_12345", 30, 3201, 0.2);
        List<Source> records = recordsOf("HOTLINE_12345", file);
        assertThat(importFile("HOTLINE_12345", file).out()).contains("30 imported, 0 already present");
        Run again = importFile("HOTLINE_12345", file);
        assertThat(again.status()).isZero();
        assertThat(again.out()).contains("30 read, 0 imported, 30 already present, 0 rejected");
        for (Source r : records) {
            assertThat(count("select count(*) from dispute where source_system = 'HOTLINE_12345'"
                    + " and source_record_id = ?", r.recordId())).isEqualTo(1);
        }
        // The first record arrives live too: the gateway answers with the dispute the history made.
        Source first = records.get(0);
        String line = Files.readAllLines(file).get(0);
        String body = json.readTree(line).get("record").toString();
        String disputeId = (String) row("HOTLINE_12345", first.recordId()).get("disputeId");
        given().contentType(ContentType.JSON).body(body).post("/api/v1/sources/hotline/work-orders")
                .then().statusCode(200).body("disputeId", org.hamcrest.Matchers.equalTo(disputeId));
    }

    @Test
    void aRecordRepeatedInTheNextChunkIsOneDispute() throws Exception {
        Path generated = generate("HOTLINE_12345", 2 * config.chunkSize(), 3251, 0.0);
        List<String> lines = new ArrayList<>(Files.readAllLines(generated));
        // The next chunk is prepared while the one before is being recorded: the repeat may not be in the
        // ledger yet when its chunk is checked, and must still be recorded once.
        lines.add(config.chunkSize() + 2, lines.get(2));
        Path file = WORK.resolve("hotline-repeated.jsonl");
        Files.write(file, lines);
        Run run = importFile("HOTLINE_12345", file);
        assertThat(run.status()).as(run.err()).isZero();
        int records = 2 * config.chunkSize();
        assertThat(run.out()).contains((records + 1) + " read, " + records + " imported, 1 already present, 0 rejected");
        String repeated = json.readTree(lines.get(2)).at("/record/gdbh").asText();
        assertThat(count("select count(*) from dispute where source_system = 'HOTLINE_12345' and source_record_id = ?",
                repeated)).isEqualTo(1);
        assertThat(count("select count(*) from dispute_history h join dispute d on d.dispute_id = h.dispute_id"
                + " where d.source_system = 'HOTLINE_12345' and d.source_record_id = ? and h.event = 'BACKFILLED'",
                repeated)).isEqualTo(1);
    }

    @Test
    void historicalRecordsAreLinkedToTheSameMatterOfAnotherSourceAsLiveCasesAre() throws Exception {
        // The same seed gives record i of both sources the same party in the same township.
        long seed = 3271;
        int records = 2 * config.chunkSize() + 5;
        Path hotline = generate("HOTLINE_12345", records, seed, 0.0);
        Path petitions = generate("PETITION", records, seed, 0.0);
        assertThat(importFile("HOTLINE_12345", hotline).status()).isZero();
        assertThat(importFile("PETITION", petitions).status()).isZero();
        List<Source> calls = recordsOf("HOTLINE_12345", hotline);
        List<Source> petitioned = recordsOf("PETITION", petitions);
        int linked = 0;
        for (int i = 0; i < records; i++) {
            String call = (String) row("HOTLINE_12345", calls.get(i).recordId()).get("disputeId");
            String petition = (String) row("PETITION", petitioned.get(i).recordId()).get("disputeId");
            // Live intake's rule: a dispute of another source, same township and party, received at most
            // the linking window before this one (or after it).
            boolean same = !calls.get(i).at("receivedAt").isBefore(petitioned.get(i).at("receivedAt").minusDays(30));
            assertThat(relatedOf(petition)).as("petition %d", i).isEqualTo(same ? List.of(call) : List.of());
            assertThat(relatedOf(call)).as("hotline call %d", i).isEqualTo(same ? List.of(petition) : List.of());
            linked += same ? 1 : 0;
        }
        assertThat(linked).as("records linked").isPositive();
    }

    /** The disputes a dispute's document is linked to. */
    List<String> relatedOf(String disputeId) throws Exception {
        try (Connection c = ledger.connection();
                PreparedStatement s = c.prepareStatement("select document from dispute where dispute_id = ?")) {
            s.setString(1, disputeId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                List<String> out = new ArrayList<>();
                JsonNode related = json.readTree(rs.getString(1)).path("related");
                related.forEach(link -> out.add(link.get("disputeId").asText()));
                return out;
            }
        }
    }

    @Test
    void anImportStoppedMidwayGoesOnWhereItStoppedAndRecordsEachOnce() throws Exception {
        Path file = generate("COURT_MEDIATION", 100, 3301, 0.0);
        List<Source> records = recordsOf("COURT_MEDIATION", file);
        BackfillLedger.Run run = backfill.begin("COURT_MEDIATION", file);
        // Stopped after the second chunk, as a failure would stop it (a kill stops it between any two commits).
        try {
            backfill.run(run, file, new org.fengqiao.gateway.observability.FileProgress() {
                @Override
                public void update(long recordsDone, long imported, long rejected, long bytesRead, long bytesTotal) {
                    if (recordsDone >= 2L * config.chunkSize()) {
                        throw new IllegalStateException("stopped here");
                    }
                }
            });
        } catch (IllegalStateException expected) {
            // as intended
        }
        long before = count("select count(*) from dispute where source_system = 'COURT_MEDIATION'"
                + " and source_record_id like '%H3301-%'");
        assertThat(before).isEqualTo(2L * config.chunkSize());

        Run resumed = importFile("COURT_MEDIATION", file);
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("went on after record " + 2 * config.chunkSize())
                .contains("100 read, 100 imported, 0 already present, 0 rejected");
        for (Source r : records) {
            assertThat(count("select count(*) from dispute where source_system = 'COURT_MEDIATION'"
                    + " and source_record_id = ?", r.recordId())).as(r.recordId()).isEqualTo(1);
        }
    }

    @Test
    void rejectedLinesAreReportedWithLineAndReasonAndNoPersonalData() throws Exception {
        Path good = generate("HOTLINE_12345", 4, 3401, 0.0);
        List<String> lines = new ArrayList<>(Files.readAllLines(good));
        JsonNode second = json.readTree(lines.get(1));
        String idNumber = second.at("/record/sqr/sfzh").asText();
        ((com.fasterxml.jackson.databind.node.ObjectNode) second.get("history")).remove("receivedAt");
        lines.set(1, json.writeValueAsString(second));
        JsonNode third = json.readTree(lines.get(2));
        ((com.fasterxml.jackson.databind.node.ObjectNode) third.get("record")).remove("fsdz");
        lines.set(2, json.writeValueAsString(third));
        lines.add("{this is not json " + idNumber);
        Path file = WORK.resolve("hotline-rejects.jsonl");
        Files.write(file, lines);

        Run run = importFile("HOTLINE_12345", file);
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("5 read, 2 imported, 0 already present, 3 rejected");
        Path rejected = WORK.resolve("hotline-rejects.jsonl.rejected.txt");
        List<String> reasons = Files.readAllLines(rejected);
        assertThat(reasons).anyMatch(l -> l.startsWith("2\t") && l.contains("history.receivedAt"))
                .anyMatch(l -> l.startsWith("3\t") && l.contains("fsdz"))
                .anyMatch(l -> l.startsWith("5\t") && l.contains("not a JSON object"));
        assertThat(String.join("\n", reasons)).doesNotContain(idNumber);
        assertThat(row("HOTLINE_12345", second.at("/record/gdbh").asText())).isNull();
        assertThat(row("HOTLINE_12345", third.at("/record/gdbh").asText())).isNull();
        Path log = Path.of("target", "test-logs", "gateway.log");
        if (Files.exists(log)) {
            assertThat(Files.readString(log)).doesNotContain(idNumber);
        }
    }

    @Test
    void theOperatorImportsAFileOfTheFolderAndTheCentreListsTheOverdue() throws Exception {
        Path folder = Path.of(config.folder());
        Files.createDirectories(folder);
        new ExportGenerator(Gazetteer.loadDefault(), "GRID_WORKER", COUNTY)
                .write(folder.resolve("grid.jsonl"), 40, 3501, 0.5);
        var operator = given().auth().preemptive().basic("operator", "dev-operator");
        String location = operator.contentType(ContentType.JSON)
                .body(Map.of("source", "GRID_WORKER", "file", "grid.jsonl"))
                .post("/api/v1/backfills").then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().preemptive()
                .basic("operator", "dev-operator").get(location).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("DONE"))
                .body("imported", org.hamcrest.Matchers.equalTo(40)));
        int overdue = given().auth().preemptive().basic("operator", "dev-operator").get(location)
                .then().extract().path("overdue");
        assertThat(overdue).isPositive();
        List<String> listed = given().auth().preemptive().basic(COUNTY + "-CENTRE", "dev-" + COUNTY + "-CENTRE")
                .get("/api/v1/backfills/overdue").then().statusCode(200)
                .extract().path("items.findAll { it.sourceSystem == 'GRID_WORKER' }.disputeId");
        assertThat(listed).hasSizeGreaterThanOrEqualTo(overdue);

        // Only files of the folder, only the operator, only the centre's list to the centre.
        for (String outside : List.of("../grid.jsonl", "/etc/passwd", "a/../../grid.jsonl", "missing.jsonl")) {
            given().auth().preemptive().basic("operator", "dev-operator").contentType(ContentType.JSON)
                    .body(Map.of("source", "GRID_WORKER", "file", outside)).post("/api/v1/backfills")
                    .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("file"));
        }
        given().auth().preemptive().basic("operator", "dev-operator").contentType(ContentType.JSON)
                .body(Map.of("source", "NOBODY", "file", "grid.jsonl")).post("/api/v1/backfills")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("source"));
        given().auth().preemptive().basic("330683001", "dev-330683001").contentType(ContentType.JSON)
                .body(Map.of("source", "GRID_WORKER", "file", "grid.jsonl")).post("/api/v1/backfills")
                .then().statusCode(403);
        given().auth().preemptive().basic("330683001", "dev-330683001").get("/api/v1/backfills/overdue")
                .then().statusCode(403);
    }
}
