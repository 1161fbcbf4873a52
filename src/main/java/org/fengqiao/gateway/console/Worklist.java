package org.fengqiao.gateway.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.qute.TemplateData;

import org.fengqiao.gateway.canonical.Category;
import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.canonical.RiskLevel;
import org.fengqiao.gateway.intake.mapped.MappedSourceAdapter;
import org.fengqiao.gateway.jurisdiction.Division;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.ledger.InboxItem;
import org.fengqiao.gateway.ledger.RiskMark;
import org.fengqiao.gateway.ledger.WorkFilter;
import org.fengqiao.gateway.ledger.WorkItem;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.fengqiao.gateway.security.StaffCaller;

/**
 * The clerk's 待办: the open items of the handler the signed-in person acts for, as rows a person
 * reads (names in Chinese, Beijing time, the deadline as a colour), most pressing first.
 */
@ApplicationScoped
class Worklist {

    /** More than a township has open at once; beyond it the list says it shows the first ones only. */
    static final int MAX_ROWS = 200;

    /** The list's filters: which statuses, and whether held or co-held items. */
    enum Filter {
        ALL("全部待办", EnumSet.of(DisputeStatus.DISPATCHED, DisputeStatus.REOPENED, DisputeStatus.RETURNED,
                DisputeStatus.SIGNED, DisputeStatus.IN_PROGRESS, DisputeStatus.ESCALATED), true, true),
        TO_SIGN("待签收", EnumSet.of(DisputeStatus.DISPATCHED, DisputeStatus.RETURNED), true, false),
        IN_PROGRESS("办理中", EnumSet.of(DisputeStatus.SIGNED, DisputeStatus.IN_PROGRESS, DisputeStatus.ESCALATED),
                true, false),
        REOPENED("退回重办", EnumSet.of(DisputeStatus.REOPENED), true, false),
        CO_HELD("协办", ALL.statuses, false, true);

        final String label;
        final Set<DisputeStatus> statuses;
        final boolean held;
        final boolean coHeld;

        Filter(String label, Set<DisputeStatus> statuses, boolean held, boolean coHeld) {
            this.label = label;
            this.statuses = statuses;
            this.held = held;
            this.coHeld = coHeld;
        }

        static Filter of(String name) {
            for (Filter f : values()) {
                if (f.name().equals(name)) {
                    return f;
                }
            }
            return ALL;
        }

        /** The filters as the page offers them, the chosen one marked. */
        static List<Option> options(Filter chosen) {
            List<Option> options = new ArrayList<>();
            for (Filter f : values()) {
                options.add(new Option(f.name(), f.label, f == chosen));
            }
            return options;
        }
    }

    @TemplateData
    record Option(String code, String label, boolean selected) {
    }

    /**
     * The list as asked for: the status filter and what narrows it further (category, source, overdue
     * only, received from and to, Beijing dates, both days included). A value that is none of the
     * known ones is taken as not given.
     */
    @TemplateData
    record Query(Filter filter, String category, String source, boolean overdue, LocalDate from, LocalDate to) {

        /** The query as the page's links and polling repeat it. */
        public String parameters() {
            StringBuilder q = new StringBuilder("status=").append(filter.name());
            append(q, "category", category);
            append(q, "source", source);
            append(q, "overdue", overdue ? "1" : null);
            append(q, "from", from == null ? null : from.toString());
            append(q, "to", to == null ? null : to.toString());
            return q.toString();
        }

        public String fromText() {
            return from == null ? "" : from.toString();
        }

        public String toText() {
            return to == null ? "" : to.toString();
        }

        WorkFilter narrowing(OffsetDateTime now) {
            return new WorkFilter(category, source, overdue ? now : null,
                    from == null ? null : from.atStartOfDay(GatewayTime.ZONE).toOffsetDateTime(),
                    to == null ? null : to.plusDays(1).atStartOfDay(GatewayTime.ZONE).toOffsetDateTime());
        }

        private static void append(StringBuilder q, String name, String value) {
            if (value != null) {
                q.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    Query query(String status, String category, String source, String overdue, String from, String to) {
        return new Query(Filter.of(status), categoryOf(category),
                source != null && sources.definedSources().contains(source) ? source : null,
                "1".equals(overdue), date(from), date(to));
    }

    /** The categories as the filter offers them, the chosen one marked. */
    List<Option> categories(Query query) {
        List<Option> options = new ArrayList<>();
        for (Category c : Category.values()) {
            options.add(new Option(c.name(), c.displayName(), c.name().equals(query.category())));
        }
        return options;
    }

    /** The sources defined, by their Chinese names, the chosen one marked. */
    List<Option> sources(Query query) {
        return sources.definedSources().stream().sorted()
                .map(id -> new Option(id, sources.displayName(id), id.equals(query.source()))).toList();
    }

    private static String categoryOf(String name) {
        for (Category c : Category.values()) {
            if (c.name().equals(name)) {
                return name;
            }
        }
        return null;
    }

    private static LocalDate date(String value) {
        try {
            return value == null || value.isBlank() ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** One row as shown; {@code deadline} is green, yellow, red or none. */
    @TemplateData
    record Row(String disputeId, String title, String status, String source, String category, String place,
            String receivedAt, String dueAt, String deadline, String deadlineText, List<String> flags,
            boolean urgent, boolean coHeld) {
    }

    @Inject
    DisputeLedger ledger;
    @Inject
    MappedSourceAdapter sources;
    @Inject
    RoutingPolicy routing;
    @Inject
    Gazetteer gazetteer;
    @Inject
    Clock clock;

    List<Row> rows(StaffCaller caller, Query query) throws SQLException {
        OffsetDateTime now = GatewayTime.now(clock);
        Filter filter = query.filter();
        List<Row> rows = new ArrayList<>();
        for (WorkItem work : ledger.worklist(caller.id(), filter.statuses, filter.held, filter.coHeld,
                query.narrowing(now), MAX_ROWS, caller, routing.city())) {
            rows.add(row(work, now));
        }
        return rows;
    }

    private Row row(WorkItem work, OffsetDateTime now) {
        InboxItem item = work.item();
        List<String> flags = new ArrayList<>();
        for (String flag : work.riskFlags()) {
            flags.add(Labels.flag(flag));
        }
        if (work.riskLevel() == RiskLevel.HIGH) {
            flags.add(Labels.mark(RiskMark.HIGH));
        }
        if (work.linked()) {
            flags.add(Labels.mark(RiskMark.REPEAT));
        }
        OffsetDateTime start = work.dispatchedAt() != null ? work.dispatchedAt() : item.receivedAt();
        Deadline deadline = Deadline.of(start, item.dueAt(), now);
        return new Row(item.disputeId(), item.title() == null ? "" : item.title(), Labels.status(item.status()),
                sources.displayName(item.sourceSystem()), Labels.category(item.categoryCode()),
                place(item.townshipCode(), work.villageCode()), Labels.time(item.receivedAt()),
                Labels.time(item.dueAt()), deadline.colour, deadline.text, flags, "URGENT".equals(item.urgency()),
                "CO_HANDLER".equals(item.role()));
    }

    /** 镇街 and 村社 by name (the code when the gazetteer does not know it). */
    private String place(String townshipCode, String villageCode) {
        String township = townshipCode == null ? "" : gazetteer.township(townshipCode).map(Division::name)
                .orElse(townshipCode);
        String village = villageCode == null ? "" : gazetteer.village(villageCode).map(Division::name)
                .orElse(villageCode);
        return village.isEmpty() ? township : township + " " + village;
    }

    /**
     * The deadline as the county centre reads it at a glance: green while more than half the time from
     * hand-over to deadline is left, yellow for the last half, red once overdue.
     */
    record Deadline(String colour, String text) {

        static Deadline of(OffsetDateTime start, OffsetDateTime due, OffsetDateTime now) {
            if (due == null) {
                return new Deadline("none", "无时限");
            }
            Duration left = Duration.between(now, due);
            if (left.isNegative()) {
                return new Deadline("red", "已超期 " + span(left.negated()));
            }
            Duration total = start == null ? Duration.ZERO : Duration.between(start, due);
            String text = "剩余 " + span(left);
            return left.multipliedBy(2).compareTo(total) > 0 ? new Deadline("green", text)
                    : new Deadline("yellow", text);
        }

        private static String span(Duration d) {
            long days = d.toDays();
            long hours = d.minusDays(days).toHours();
            if (days > 0) {
                return days + " 天 " + hours + " 小时";
            }
            return hours > 0 ? hours + " 小时" : Math.max(1, d.toMinutes()) + " 分钟";
        }
    }
}
