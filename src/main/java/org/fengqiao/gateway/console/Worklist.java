package org.fengqiao.gateway.console;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.qute.TemplateData;

import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.canonical.RiskLevel;
import org.fengqiao.gateway.intake.mapped.MappedSourceAdapter;
import org.fengqiao.gateway.jurisdiction.Division;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.ledger.InboxItem;
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

    List<Row> rows(StaffCaller caller, Filter filter) throws SQLException {
        OffsetDateTime now = GatewayTime.now(clock);
        List<Row> rows = new ArrayList<>();
        for (WorkItem work : ledger.worklist(caller.id(), filter.statuses, filter.held, filter.coHeld, MAX_ROWS,
                caller, routing.city())) {
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
            flags.add("红色风险");
        }
        if (work.linked()) {
            flags.add("重复");
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
