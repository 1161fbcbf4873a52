package org.fengqiao.gateway.warning;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.privacy.Masking;
import org.fengqiao.gateway.problem.ConflictException;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.ForbiddenException;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.NotFoundException;
import org.fengqiao.gateway.problem.Text;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.fengqiao.gateway.security.StaffCaller;

/**
 * The risk warnings of an area, for the centres (REST and console) and the reports: read by the day
 * they were raised, and acknowledged by a county's centre (or the city's) with a note.
 */
@ApplicationScoped
public class RiskWarnings {

    /** Warnings a centre's list shows at most; a narrower period shows the rest. */
    public static final int MOST_LISTED = 1000;
    public static final int NOTE_MAX = 1000;
    private static final Pattern AREA = Pattern.compile("[0-9]{4}|[0-9]{6}");

    @Inject
    WarningLedger ledger;
    @Inject
    RoutingPolicy routing;
    @Inject
    Clock clock;

    /**
     * @param areaCode a 6-digit county or a 4-digit city code
     * @param from first raised date, inclusive
     * @param to last raised date, inclusive
     * @return the area's warnings raised in those days, newest first
     */
    public List<RiskWarning> list(String areaCode, LocalDate from, LocalDate to) {
        if (areaCode == null || !AREA.matcher(areaCode).matches()) {
            throw new IllegalArgumentException("an area is a 6-digit county or a 4-digit city code");
        }
        try {
            return ledger.list(areaCode, null, null, startOf(from), startOf(to.plusDays(1)), Integer.MAX_VALUE);
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger could not list the warnings", e);
        }
    }

    /** A centre's query: what it may see of the area it names, or of its own when it names none. */
    public record Query(String area, String status, String from, String to, String disputeId) {

        public Query(String area, String status, String from, String to) {
            this(area, status, from, to, null);
        }
    }

    /** What a centre asked for, checked: each bad field named. */
    public record Checked(String area, String status, LocalDate from, LocalDate to, String disputeId) {
    }

    /** Who may see and acknowledge warnings: a county's centre (its county's) and the city's (all). */
    public boolean reads(StaffCaller caller) {
        return caller != null && caller.centre();
    }

    /** The area a centre oversees: its county, or the city for the city's centre. */
    public String areaOf(StaffCaller caller) {
        return caller.overseenCounty(routing.city()).orElse(routing.city());
    }

    public Checked check(StaffCaller caller, Query q) {
        if (!reads(caller)) {
            throw new ForbiddenException(new Text("warning.centres-only"));
        }
        List<FieldViolation> violations = new ArrayList<>();
        String own = areaOf(caller);
        String area = blank(q.area()) ? own : q.area().strip();
        if (!AREA.matcher(area).matches()) {
            violations.add(new FieldViolation("area", new Text("warning.area-format")));
        } else if (!area.startsWith(own)) {
            violations.add(new FieldViolation("area", new Text("warning.area-not-yours", own)));
        }
        String status = blank(q.status()) ? null : q.status().strip();
        if (status != null && !WarningLedger.OPEN.equals(status) && !WarningLedger.ACKNOWLEDGED.equals(status)) {
            violations.add(new FieldViolation("status",
                    new Text("violation.one-of", List.of(WarningLedger.OPEN, WarningLedger.ACKNOWLEDGED))));
        }
        LocalDate today = GatewayTime.now(clock).toLocalDate();
        LocalDate to = date(q.to(), "to", today, violations);
        LocalDate from = date(q.from(), "from", (to == null ? today : to).minusDays(30), violations);
        if (from != null && to != null && from.isAfter(to)) {
            violations.add(new FieldViolation("from", new Text("warning.from-after-to")));
        }
        String disputeId = blank(q.disputeId()) ? null : q.disputeId().strip();
        if (disputeId != null && disputeId.length() > 32) {
            violations.add(new FieldViolation("disputeId", new Text("violation.too-long", 32)));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return new Checked(area, status, from, to, disputeId);
    }

    /** A centre's list: the warnings of the checked query, newest first, at most {@link #MOST_LISTED}. */
    public List<RiskWarning> list(Checked q) {
        try {
            return ledger.list(q.area(), q.status(), q.disputeId(), startOf(q.from()), startOf(q.to().plusDays(1)),
                    MOST_LISTED);
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger could not list the warnings", e);
        }
    }

    /** Open warnings of the centre's area, for the console's header. */
    public int openCount(StaffCaller caller) {
        if (!reads(caller)) {
            return 0;
        }
        try {
            return ledger.countOpen(areaOf(caller));
        } catch (SQLException e) {
            return 0;
        }
    }

    /**
     * 签收预警: the centre of the warning's county (or the city's) acknowledges it with a note, once.
     * The note is stored with any ID or mobile number in it masked: it is read by every centre user.
     */
    public RiskWarning acknowledge(StaffCaller caller, String warningId, String note) {
        if (!reads(caller)) {
            throw new ForbiddenException(new Text("warning.centres-only"));
        }
        long id = idOf(warningId);
        RiskWarning warning = visible(caller, id);
        if (note == null || note.isBlank()) {
            throw new InvalidRequestException("note", new Text("violation.required"));
        }
        if (note.strip().length() > NOTE_MAX) {
            throw new InvalidRequestException("note", new Text("violation.too-long", NOTE_MAX));
        }
        if (!WarningLedger.OPEN.equals(warning.status())) {
            throw new ConflictException(new Text("warning.acknowledged", String.valueOf(id)), warning.status());
        }
        try {
            String person = caller.person() == null || caller.person().isBlank() ? caller.id() : caller.person();
            if (!ledger.acknowledge(id, person, caller.id(), Masking.text(note.strip()), GatewayTime.now(clock))) {
                throw new ConflictException(new Text("warning.acknowledged", String.valueOf(id)), WarningLedger.ACKNOWLEDGED);
            }
            return ledger.find(id).orElseThrow();
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger could not record the acknowledgement", e);
        }
    }

    /** One warning the centre may see; for any other caller it does not exist. */
    public RiskWarning visible(StaffCaller caller, long id) {
        try {
            RiskWarning w = ledger.find(id).orElseThrow(() -> new NotFoundException(new Text("warning.no-warning", String.valueOf(id))));
            String own = areaOf(caller);
            boolean mine = w.countyCode() == null ? own.equals(routing.city()) : w.countyCode().startsWith(own);
            if (!reads(caller) || !mine) {
                throw new NotFoundException(new Text("warning.no-warning", String.valueOf(id)));
            }
            return w;
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger could not read the warning", e);
        }
    }

    private static long idOf(String warningId) {
        try {
            return Long.parseLong(warningId == null ? "" : warningId.strip());
        } catch (NumberFormatException e) {
            throw new NotFoundException(new Text("warning.no-warning", String.valueOf(warningId)));
        }
    }

    private static LocalDate date(String raw, String field, LocalDate fallback, List<FieldViolation> violations) {
        if (blank(raw)) {
            return fallback;
        }
        try {
            return LocalDate.parse(raw.strip());
        } catch (java.time.format.DateTimeParseException e) {
            violations.add(new FieldViolation(field, new Text("violation.date", "2026-12-01")));
            return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static OffsetDateTime startOf(LocalDate day) {
        return day.atStartOfDay(GatewayTime.ZONE).toOffsetDateTime();
    }
}
