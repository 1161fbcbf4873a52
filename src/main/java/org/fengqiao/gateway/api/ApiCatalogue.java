package org.fengqiao.gateway.api;

import java.util.List;
import java.util.Map;

/**
 * What the REST DSL cannot say about the gateway's own endpoints (defined in Java route builders):
 * their summary, description, query parameters and the schemas of their bodies, by the REST verb's
 * id. The sources' endpoints (routes/*.yaml) say their summary and description in the DSL itself, so
 * a source added with files documents itself; their request schema comes from the source's schema.
 */
final class ApiCatalogue {

    /** A query parameter: name, description, required. */
    record Query(String name, String description, boolean required) {
    }

    /**
     * @param request       a component schema name for the request body, or null
     * @param requestType   its media type
     * @param okStatus      the success status
     * @param response      a component schema name for the success body
     */
    record Entry(String summary, String description, List<Query> query, String request, String requestType,
            String okStatus, String response, Object example) {

        Entry(String summary, String description, List<Query> query, String request, String requestType,
                String okStatus, String response) {
            this(summary, description, query, request, requestType, okStatus, response, null);
        }
    }

    static final Map<String, Entry> ENTRIES = Map.ofEntries(
            Map.entry("rest-canonical-schema", new Entry("The canonical dispute schema",
                    "JSON Schema (draft 2020-12) of the canonical dispute the gateway delivers to handlers. Public.",
                    List.of(), null, null, "200", "JsonSchema")),
            Map.entry("rest-source-schema", new Entry("A schema published by the gateway",
                    "JSON Schema of a source's native payload (e.g. hotline-work-order.json, or the "
                            + "schema file of a source defined by files), by file name. Public.",
                    List.of(), null, null, "200", "JsonSchema")),
            Map.entry("rest-handler-event-schema", new Entry("The handler event schema",
                    "JSON Schema of the event a handler sends about a dispute it holds, on POST "
                            + "/api/v1/disputes/{disputeId}/events or as a message on the queue dispute.events. Public.",
                    List.of(), null, null, "200", "JsonSchema")),
            Map.entry("rest-resolve-jurisdiction", new Entry("Resolve an address to its township",
                    "Which township (and village, where known) an address lies in, how it was found and with what "
                            + "confidence, and the handler a dispute there would go to. Public.",
                    List.of(new Query("address", "free-text address", true),
                            new Query("county", "6-digit county code the address is in, if known", false)),
                    null, null, "200", "JurisdictionResolution")),
            Map.entry("rest-get-dispute", new Entry("One dispute and its history",
                    "The canonical dispute and its history of acts. Personal data is shown to the dispute's "
                            + "handlers and masked for others. Staff only.",
                    List.of(), null, null, "200", "DisputeWithHistory")),
            Map.entry("rest-handler-inbox", new Entry("A handler's inbox",
                    "The disputes a handler holds (or co-holds), newest first, one page at a time. A handler sees "
                            + "its own inbox; the county centre sees every inbox. Staff only.",
                    List.of(new Query("status", "only disputes in this status", false),
                            new Query("page", "page number from 0 (default 0)", false),
                            new Query("size", "items per page, 1-100 (default 20)", false)),
                    null, null, "200", "InboxPage")),
            Map.entry("rest-ledger-reencrypt", new Entry("Re-encrypt personal data under the active key",
                    "After a key rotation (gateway.pii.active-key): rewrites every stored ID and phone number under "
                            + "the active key, so the old key can be dropped. Operator only.",
                    List.of(), null, null, "200", "ReencryptResult")),
            Map.entry("rest-assessment-report", new Entry("A county's monthly assessment workbook (考核报表)",
                    "The county's assessment of a month as an Excel workbook (xlsx, Chinese headers): a summary sheet "
                            + "with the county's figures, their definitions and the three declines; one sheet of "
                            + "figures per township; one of the disputes overdue or escalated (titles masked, no "
                            + "party's number); one of the risk warnings raised in the month. Figures count the "
                            + "disputes received in the month (Beijing time), as GET /api/v1/statistics does. The "
                            + "county's centre and the city's centre only.",
                    List.of(new Query("county", "6-digit county code (e.g. 330681)", true),
                            new Query("month", "the month, yyyy-MM (e.g. 2026-11), not after the current one", true)),
                    null, null, "200", "Binary")),
            Map.entry("rest-post-dispute-event", new Entry("A handler's event about a dispute it holds",
                    "Sign for, report progress on, resolve, ask for an extension of, return, reassign or reject a "
                            + "dispute. The same event can be sent as a message on the queue dispute.events. The "
                            + "event's handlerId, if given, must be the signed-in handler.",
                    List.of(), "HandlerEvent", "application/json", "200", "EventApplied")),
            Map.entry("rest-statistics", new Entry("County statistics from the ledger",
                    "The figures of a county (or the city over its counties) for disputes received in a date range, "
                            + "in total and by township, category, source, handler or month; rates are numerator over "
                            + "denominator as each figure's description in StatisticsFigures (and GET "
                            + "/api/v1/statistics/definitions) defines them. asOf says when the figures last caught up "
                            + "with the ledger; overdueNow is read live. Readable by the centre of the county and of "
                            + "the city (and their API identities).",
                    List.of(new Query("area", "county code (6 digits, e.g. 330681) or the city's (4 digits, e.g. 3306)", true),
                            new Query("from", "first received date, yyyy-MM-dd (Beijing time)", true),
                            new Query("to", "last received date, inclusive, yyyy-MM-dd", true),
                            new Query("by", "township, category, source, handler or month", false)),
                    null, null, "200", "StatisticsOverview")),
            Map.entry("rest-statistics-declines", new Entry("The three declines: a month against the month before "
                    + "and the same month a year before",
                    "Petition items, repeat petitions, disputes and disputes per 10,000 people "
                            + "(gateway.statistics.population) of a county or the city. Centres only.",
                    List.of(new Query("area", "county code (6 digits) or the city's (4 digits)", true),
                            new Query("month", "yyyy-MM", true)),
                    null, null, "200", "StatisticsDeclines")),
            Map.entry("rest-statistics-definitions", new Entry("How every statistics figure is computed",
                    "Each figure's Chinese name, numerator, denominator and which statuses and events count, so two "
                            + "counties compute it the same way. Centres only.",
                    List.of(), null, null, "200", "StatisticsDefinitions")),
            Map.entry("rest-feedback-dead-letters", new Entry("Feedback calls that gave up",
                    "Calls back to the sources that failed beyond their retries (gateway.feedback.max-attempts), without "
                            + "their bodies. The operator sees all; a centre those of the disputes it oversees.",
                    List.of(new Query("source", "only this source system (e.g. HOTLINE_12345)", false)),
                    null, null, "200", "DeadLetters")),
            Map.entry("rest-post-dispute-attachment", new Entry("Upload a file for an act on a dispute",
                    "A recording, photo or agreement scan (multipart, the file in the part 'file'), by a handler "
                            + "that holds the dispute. Its type is detected from its bytes and must be one of "
                            + "gateway.attachments.allowed-types; its size at most gateway.attachments.max-size; it is "
                            + "virus-scanned when configured. It becomes part of the dispute with the next act that "
                            + "names its id in 'attachments'; unnamed, it is deleted after gateway.attachments.orphan-grace.",
                    List.of(), "AttachmentUpload", "multipart/form-data", "201", "AttachmentUploaded")),
            Map.entry("rest-get-dispute-attachment", new Entry("One attachment of a dispute",
                    "The file, with the type detected when it was uploaded, as a download (Content-Disposition: "
                            + "attachment). To those who may read the dispute; for anyone else it does not exist. "
                            + "A file a source sent by reference (state REFERENCED in the dispute) is served once the "
                            + "gateway has fetched and checked it (ATTACHED); until then, or when it FAILED, 404.",
                    List.of(), null, null, "200", "Binary")),
            Map.entry("rest-feedback-redrive", new Entry("Try a dead feedback call again",
                    "Puts a dead letter back in the feedback outbox, to be called again at once. Operator only.",
                    List.of(), null, null, "202", "Redriven")),
            Map.entry("rest-backfill-start", new Entry("Import a historical export",
                    "Starts the import of a source's historical export (docs/backfill.md), a file already in the "
                            + "backfill folder (gateway.backfill.folder) named relative to it; the same file again "
                            + "goes on where an interrupted import stopped. One import at a time (409 while one "
                            + "runs). Operator only.",
                    List.of(), "BackfillRequest", "application/json", "202", "BackfillRun",
                    Map.of("source", "HOTLINE_12345", "file", "hotline-2025.jsonl"))),
            Map.entry("rest-backfill-run", new Entry("An import of historical records",
                    "Where an import stands or how it ended: records done, imported, already present, rejected "
                            + "(the first hundred rejected records with their line and why) and open past their "
                            + "deadline. Operator only.",
                    List.of(), null, null, "200", "BackfillRun")),
            Map.entry("rest-backfill-overdue", new Entry("Historical disputes overdue on arrival",
                    "The open historical disputes an import found already past their deadline: not delivered and "
                            + "not escalated, held for the county centre to decide on; oldest deadline first. A "
                            + "county's centre sees its county's, the city's centre and the operator any county's.",
                    List.of(new Query("county", "6-digit county code (default: the centre's own)", false)),
                    null, null, "200", "BackfillOverdue")),
            Map.entry("rest-warnings", new Entry("Risk warnings of an area",
                    "The risk warnings (预警) the rules of config/warning-rules.yaml raised, newest first, each with "
                            + "the disputes that caused it. A county's centre sees its county's, the city's centre "
                            + "every county's. Centres only.",
                    List.of(new Query("area", "6-digit county or 4-digit city code (default: the centre's own)", false),
                            new Query("status", "OPEN or ACKNOWLEDGED", false),
                            new Query("from", "first raised date, ISO (default: 30 days before to)", false),
                            new Query("to", "last raised date, ISO (default: today)", false),
                            new Query("disputeId", "only the warnings this dispute is evidence of", false)),
                    null, null, "200", "Warnings")),
            Map.entry("rest-warning-acknowledgement", new Entry("Acknowledge a risk warning",
                    "The centre of the warning's county (or the city's) acknowledges an open warning with a note; "
                            + "who and when are recorded. Once: a second acknowledgement is 409. Centres only.",
                    List.of(), "WarningAcknowledgement", "application/json", "200", "Warning",
                    Map.of("note", "已约谈当事人，转镇街重点跟进"))));

    private ApiCatalogue() {
    }
}
