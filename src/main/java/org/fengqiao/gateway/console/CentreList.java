package org.fengqiao.gateway.console;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.qute.TemplateData;

import org.fengqiao.gateway.canonical.Category;
import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.intake.mapped.MappedSourceAdapter;
import org.fengqiao.gateway.jurisdiction.Division;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.ledger.CountyDisputes;
import org.fengqiao.gateway.ledger.InboxItem;
import org.fengqiao.gateway.ledger.RiskMark;
import org.fengqiao.gateway.routing.HandlerDirectory;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.fengqiao.gateway.security.StaffCaller;

/**
 * The county centre's list (社会治理中心; the city centre's: the city's): every dispute of its county,
 * filtered and paged by the ledger, as rows a person reads. Titles are masked as the API masks them
 * for a centre.
 */
@ApplicationScoped
class CentreList {

    static final int PAGE_SIZE = 50;

    /** The filters as the form sent them; each blank one does not filter. */
    @TemplateData
    record Filters(String township, String category, String source, String status, boolean overdue, String from,
            String to, String idNumber, String recordId, String disputeId, String name, String phone, String address,
            String risk, int page) {

        /** The filters as a query string without the page, for the pager's and the export's links. */
        public String query() {
            StringBuilder q = new StringBuilder();
            param(q, "township", township);
            param(q, "category", category);
            param(q, "source", source);
            param(q, "status", status);
            param(q, "overdue", overdue ? "1" : null);
            param(q, "from", from);
            param(q, "to", to);
            param(q, "idNumber", idNumber);
            param(q, "recordId", recordId);
            param(q, "disputeId", disputeId);
            param(q, "name", name);
            param(q, "phone", phone);
            param(q, "address", address);
            param(q, "risk", risk);
            return q.toString();
        }

        private static void param(StringBuilder q, String name, String value) {
            if (value != null && !value.isBlank()) {
                q.append(q.isEmpty() ? "" : "&").append(name).append('=')
                        .append(java.net.URLEncoder.encode(value.trim(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    @TemplateData
    record Row(String disputeId, String title, String status, String source, String recordId, String category,
            String township, String handler, String receivedAt, String dueAt, boolean overdue, boolean urgent,
            List<String> marks) {
    }

    /**
     * {@code capped}: there are more than {@code total} (the ledger counts only so far); {@code notes}:
     * why a search term given finds nothing, in the words of the form.
     */
    @TemplateData
    record Result(long total, boolean capped, int page, int pages, List<Row> rows, List<String> notes) {

        public int number() {
            return page + 1;
        }

        public boolean hasNext() {
            return page + 1 < pages || capped && !rows.isEmpty();
        }

        /** 1,234; 10,000+ when there are more. */
        public String totalText() {
            return String.format(java.util.Locale.ROOT, "%,d", total) + (capped ? "+" : "");
        }

        public String pagesText() {
            return String.format(java.util.Locale.ROOT, "%,d", pages) + (capped ? "+" : "");
        }
    }

    /** A waiting extension request as the centre's page shows it. */
    @TemplateData
    record WaitingRequest(String disputeId, String title, String handler, int days, String reason, String requestedAt,
            String dueAt) {
    }

    /** More than a county has waiting at once; beyond it the page shows the oldest ones. */
    static final int MAX_EXTENSIONS = 200;

    @Inject
    CountyDisputes disputes;
    @Inject
    MappedSourceAdapter sources;
    @Inject
    RoutingPolicy routing;
    @Inject
    Gazetteer gazetteer;
    @Inject
    HandlerDirectory handlers;
    @Inject
    Clock clock;

    /** Whether the signed-in handler is a centre or triage desk that oversees an area. */
    boolean oversees(StaffCaller caller) {
        return caller.overseesArea(caller.overseenCounty(routing.city()).orElse(routing.city()), routing.city());
    }

    /** The townships the caller oversees, for the filter. */
    List<Worklist.Option> townships(StaffCaller caller, String chosen) {
        Optional<String> county = caller.overseenCounty(routing.city());
        List<Division> divisions = county.map(gazetteer::townshipsOf).orElseGet(gazetteer::townships);
        List<Worklist.Option> options = new ArrayList<>();
        for (Division d : divisions) {
            options.add(new Worklist.Option(d.code(), d.name(), d.code().equals(chosen)));
        }
        return options;
    }

    static List<Worklist.Option> categories(String chosen) {
        List<Worklist.Option> options = new ArrayList<>();
        for (Category c : Category.values()) {
            options.add(new Worklist.Option(c.name(), c.displayName(), c.name().equals(chosen)));
        }
        return options;
    }

    /** The risk marks, named as the 待办 shows them. */
    static List<Worklist.Option> risks(String chosen) {
        List<Worklist.Option> options = new ArrayList<>();
        for (RiskMark mark : RiskMark.values()) {
            options.add(new Worklist.Option(mark.name(), Labels.mark(mark), mark.name().equals(chosen)));
        }
        return options;
    }

    static List<Worklist.Option> statuses(String chosen) {
        List<Worklist.Option> options = new ArrayList<>();
        for (DisputeStatus s : DisputeStatus.values()) {
            options.add(new Worklist.Option(s.name(), Labels.status(s), s.name().equals(chosen)));
        }
        return options;
    }

    Result find(StaffCaller caller, Filters f, int size) throws SQLException {
        OffsetDateTime now = GatewayTime.now(clock);
        int page = Math.max(0, f.page());
        CountyDisputes.Page found = disputes.find(filter(caller, f), page, size, caller, routing.city(), now);
        List<Row> rows = new ArrayList<>();
        for (CountyDisputes.Row r : found.rows()) {
            rows.add(row(r, now));
        }
        int pages = (int) Math.max(1, (found.total() + size - 1) / size);
        return new Result(found.total(), found.capped(), found.page(), pages, rows,
                found.unsearchable().stream().map(CentreList::note).toList());
    }

    /** How many disputes the filters match, all pages together. */
    long count(StaffCaller caller, Filters f) throws SQLException {
        return disputes.count(filter(caller, f), GatewayTime.now(clock));
    }

    /** Takes the rows of an export, one by one. */
    interface RowSink {
        void accept(Row row) throws java.io.IOException;
    }

    /**
     * Every dispute the filters match, in the list's order, read from the ledger {@code batch} at a
     * time, so an export of the whole county holds one batch in memory, never the whole list.
     */
    void forEach(StaffCaller caller, Filters f, int batch, RowSink sink) throws SQLException, java.io.IOException {
        OffsetDateTime now = GatewayTime.now(clock);
        CountyDisputes.Filter filter = filter(caller, f);
        CountyDisputes.After after = null;
        do {
            CountyDisputes.Batch read = disputes.batch(filter, after, batch, caller, routing.city(), now);
            for (CountyDisputes.Row r : read.rows()) {
                sink.accept(row(r, now));
            }
            after = read.next().orElse(null);
        } while (after != null);
    }

    /** The form's filters as the ledger takes them, within the caller's county. */
    private CountyDisputes.Filter filter(StaffCaller caller, Filters f) {
        return new CountyDisputes.Filter(caller.overseenCounty(routing.city()).orElse(null), f.township(),
                f.category(), f.source(), status(f.status()), f.overdue(), day(f.from(), 0), day(f.to(), 1),
                f.idNumber(), f.recordId(),
                f.disputeId() == null ? null : f.disputeId().trim().toUpperCase(java.util.Locale.ROOT),
                f.name(), f.phone(), f.address(), riskMark(f.risk()));
    }

    private Row row(CountyDisputes.Row r, OffsetDateTime now) {
        InboxItem i = r.item();
        boolean overdue = i.dueAt() != null && i.dueAt().isBefore(now) && CountyDisputes.OPEN.contains(i.status());
        return new Row(i.disputeId(), i.title() == null ? "" : i.title(), Labels.status(i.status()),
                sources.displayName(i.sourceSystem()), r.sourceRecordId() == null ? "" : r.sourceRecordId(),
                Labels.category(i.categoryCode()),
                i.townshipCode() == null ? "" : gazetteer.township(i.townshipCode()).map(Division::name)
                        .orElse(i.townshipCode()),
                handlers.nameOf(r.handlerId()), Labels.time(i.receivedAt()), Labels.time(i.dueAt()), overdue,
                "URGENT".equals(i.urgency()), r.marks().stream().map(Labels::mark).toList());
    }

    /** Why a term finds nothing: what the search needs, as the form names the field. */
    private static String note(CountyDisputes.Unsearchable term) {
        return switch (term) {
            case ID_NUMBER -> "当事人身份证号须完整（15 或 18 位），按加密索引精确查找。";
            case PHONE -> "联系电话须完整：11 位手机号，或带区号的固定电话。";
            case NAME -> "当事人姓名至少 2 个字，须完整。";
            case ADDRESS -> "地址至少输入 2 个字。";
        };
    }

    List<WaitingRequest> extensions(StaffCaller caller) throws SQLException {
        List<WaitingRequest> rows = new ArrayList<>();
        for (CountyDisputes.WaitingExtension e : disputes.waitingExtensions(
                caller.overseenCounty(routing.city()).orElse(null), caller, routing.city(), MAX_EXTENSIONS)) {
            rows.add(new WaitingRequest(e.disputeId(), e.title() == null ? "" : e.title(), handlers.nameOf(e.handlerId()),
                    e.days(), e.reason(), Labels.time(e.requestedAt()), Labels.time(e.dueAt())));
        }
        return rows;
    }

    private static RiskMark riskMark(String code) {
        try {
            return code == null || code.isBlank() ? null : RiskMark.valueOf(code.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static DisputeStatus status(String code) {
        try {
            return code == null || code.isBlank() ? null : DisputeStatus.valueOf(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A date of the form, as the start of that day (plus {@code days}) in Beijing time; null if none. */
    private static OffsetDateTime day(String value, int days) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim()).plusDays(days).atStartOfDay(GatewayTime.ZONE).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
