package org.fengqiao.gateway.casestatus;

import java.io.IOException;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fengqiao.gateway.canonical.Category;
import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.ResolutionOutcome;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.ledger.LedgerEntry;
import org.fengqiao.gateway.ledger.SourceCases;
import org.fengqiao.gateway.routing.HandlerDirectory;

/**
 * Reads a source's own case as a {@link PublicCase}: the same view for the status lookup of the
 * sources and for the Open311 facade. A case is found only within the source system that brought it.
 */
@ApplicationScoped
public class CaseStatusReader {

    /** Where the handling has ended: Open311's {@code closed}. */
    public static final Set<DisputeStatus> CLOSED = EnumSet.of(DisputeStatus.RESOLVED, DisputeStatus.FEEDBACK_SENT,
            DisputeStatus.EVALUATED, DisputeStatus.CLOSED, DisputeStatus.MERGED, DisputeStatus.REJECTED);

    /**
     * The history kinds the public sees, with their Chinese names. The others (supervision,
     * reminders, extension requests) are the centre's internal work.
     */
    private static final Map<String, String> PUBLIC_EVENTS = Map.ofEntries(
            Map.entry("RECEIVED", "接收"),
            Map.entry("BACKFILLED", "历史归集"),
            Map.entry("DISPATCHED", "交办"),
            Map.entry("SIGNED", "签收"),
            Map.entry("PROGRESS", "办理进展"),
            Map.entry("RESOLVED", "办结"),
            Map.entry("FEEDBACK_SENT", "反馈来源"),
            Map.entry("EVALUATED", "评价"),
            Map.entry("REOPENED", "退回重办"),
            Map.entry("CLOSED", "结案"),
            Map.entry("RETURNED", "退单"),
            Map.entry("REASSIGNED", "改派"),
            Map.entry("EXTENSION_APPROVED", "批准延期"),
            Map.entry("REJECTED", "不予受理"));

    @Inject
    SourceCases cases;
    @Inject
    DisputeLedger ledger;
    @Inject
    HandlerDirectory handlers;
    @Inject
    ObjectMapper json;

    public Optional<PublicCase> byDisputeId(String system, String disputeId) throws SQLException, IOException {
        var row = cases.byDisputeId(system, disputeId);
        return row.isPresent() ? read(row.get()) : Optional.empty();
    }

    public Optional<PublicCase> byRecordId(String system, String recordId) throws SQLException, IOException {
        var row = cases.byRecordId(system, recordId);
        return row.isPresent() ? read(row.get()) : Optional.empty();
    }

    public List<PublicCase> list(String system, SourceCases.Filter filter) throws SQLException, IOException {
        List<PublicCase> out = new ArrayList<>();
        for (SourceCases.CaseRow row : cases.list(system, filter)) {
            read(row).ifPresent(out::add);
        }
        return out;
    }

    public static String statusName(DisputeStatus status) {
        return status == null ? null : status.chineseName();
    }

    public static String eventName(String event) {
        return PUBLIC_EVENTS.getOrDefault(event, event);
    }

    private Optional<PublicCase> read(SourceCases.CaseRow row) throws SQLException, IOException {
        Optional<LedgerEntry> entry = ledger.find(row.disputeId());
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        JsonNode document = json.readTree(entry.get().document());
        List<PublicCase.Step> steps = new ArrayList<>();
        for (LedgerEntry.HistoryEntry step : entry.get().history()) {
            if (!PUBLIC_EVENTS.containsKey(step.event())) {
                continue;
            }
            steps.add(new PublicCase.Step(step.event(), PUBLIC_EVENTS.get(step.event()), step.status(), step.at(),
                    step.handlerId() == null ? null : handlers.nameOf(step.handlerId())));
        }
        PublicCase.Outcome outcome = null;
        if (row.outcome() != null) {
            try {
                outcome = new PublicCase.Outcome(row.outcome(), ResolutionOutcome.valueOf(row.outcome()).displayName());
            } catch (IllegalArgumentException unknown) {
                outcome = new PublicCase.Outcome(row.outcome(), row.outcome());
            }
        }
        return Optional.of(new PublicCase(row.disputeId(), row.recordId(), row.status().name(),
                row.status().chineseName(), !CLOSED.contains(row.status()), row.categoryCode(),
                categoryName(row.categoryCode()), new PublicCase.Handler(row.handlerId(), handlers.nameOf(row.handlerId())),
                row.receivedAt(), row.updatedAt(), time(document.at("/assignment/signBy")), row.dueAt(), outcome,
                List.copyOf(steps)));
    }

    private static String categoryName(String code) {
        try {
            return Category.valueOf(code).displayName();
        } catch (IllegalArgumentException unknown) {
            return code;
        }
    }

    private static OffsetDateTime time(JsonNode node) {
        return node.isTextual() ? OffsetDateTime.parse(node.asText()) : null;
    }
}
