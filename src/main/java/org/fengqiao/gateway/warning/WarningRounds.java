package org.fengqiao.gateway.warning;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.Category;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.canonical.PartyRole;
import org.fengqiao.gateway.config.GatewayConfig;
import org.fengqiao.gateway.ledger.InstanceLeases;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.ledger.SearchKeys;
import org.fengqiao.gateway.privacy.Masking;
import org.fengqiao.gateway.privacy.PartyFieldCipher;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.routing.HandlerDirectory;
import org.fengqiao.gateway.warning.WarningLedger.HistoryRow;
import org.fengqiao.gateway.warning.WarningLedger.Trigger;
import org.fengqiao.gateway.warning.WarningRules.Kind;
import org.fengqiao.gateway.warning.WarningRules.Rule;
import org.jboss.logging.Logger;

/**
 * The rules at work, in rounds, never on the intake's commit. An arrivals round follows the disputes'
 * history by id from where the last one stopped (new disputes, reopenings) and evaluates the rules
 * that arrivals trip over that whole batch at once, a few set-based queries a batch whatever its size;
 * a scheduled round evaluates the time-based rules (unsigned after H hours, a day's surge, long
 * unresolved). Each round runs on one instance at a time (a lease), and what a round raises is
 * recorded with its cursor in one transaction; the notices follow from the ledger.
 */
@ApplicationScoped
public class WarningRounds {

    private static final Logger LOG = Logger.getLogger(WarningRounds.class);
    static final String ARRIVALS_LEASE = "warnings-arrivals";
    static final String SCHEDULE_LEASE = "warnings-schedule";
    private static final Duration LEASE_TIME = Duration.ofMinutes(2);
    /**
     * A transaction that took a history id may commit after one that took a later id: the cursor
     * waits at such a gap this long before passing it (a rolled-back transaction leaves its gap for ever).
     */
    static final Duration GAP_GRACE = Duration.ofSeconds(10);
    /** Batches an arrivals round reads at most before it lets the next round go on. */
    private static final int MOST_BATCHES = 50;
    /** Disputes a scheduled rule takes up at most in a round; the next round goes on. */
    private static final int SCHEDULED_LIMIT = 500;
    /** Evidence a warning lists at most from one trigger: enough to act on, never the whole ledger. */
    static final int MOST_EVIDENCE = 200;
    /** A dispute not yet resolved: every state but RESOLVED, FEEDBACK_SENT, EVALUATED, CLOSED, MERGED, REJECTED. */
    static final String OPEN_STATUSES = "'RECEIVED', 'DISPATCHED', 'SIGNED', 'IN_PROGRESS', 'RETURNED', 'ESCALATED', 'REOPENED'";

    @Inject
    WarningRules rules;
    @Inject
    WarningLedger warnings;
    @Inject
    WarningNotices notices;
    @Inject
    LedgerDatabase database;
    @Inject
    SearchKeys searchKeys;
    @Inject
    PartyFieldCipher cipher;
    @Inject
    HandlerDirectory handlers;
    @Inject
    Gazetteer gazetteer;
    @Inject
    InstanceLeases leases;
    @Inject
    GatewayConfig gateway;
    @Inject
    WarningsConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;

    /** What a round did. */
    public record Round(int raised, int joined, int notified) {
        static final Round NONE = new Round(0, 0, 0);
    }

    /** An arrivals round, as its timer runs it: on the instance that holds the lease, else nothing. */
    public Round arrivals() throws Exception {
        if (!leases.tryAcquire(ARRIVALS_LEASE, gateway.instanceId(), GatewayTime.now(clock), LEASE_TIME)) {
            return Round.NONE;
        }
        int raised = 0;
        int joined = 0;
        for (int batch = 0; batch < MOST_BATCHES; batch++) {
            OffsetDateTime now = GatewayTime.now(clock);
            long from = warnings.cursor();
            List<HistoryRow> rows = warnings.historyAfter(from, config.batchSize());
            if (rows.isEmpty()) {
                break;
            }
            long to = rows.get(rows.size() - 1).id();
            long next = passable(from, rows, now);
            WarningLedger.Applied applied = warnings.apply(arrivalTriggers(from, to, now), next, now);
            raised += applied.raised();
            joined += applied.joined();
            if (rows.size() < config.batchSize() || next < to) {
                break;
            }
        }
        return new Round(raised, joined, notices.sendUnsent());
    }

    /** A scheduled round, as its timer runs it: on the instance that holds the lease, else nothing. */
    public Round scheduled() throws Exception {
        if (!leases.tryAcquire(SCHEDULE_LEASE, gateway.instanceId(), GatewayTime.now(clock), LEASE_TIME)) {
            return Round.NONE;
        }
        int raised = 0;
        int joined = 0;
        for (int i = 0; i < 20; i++) {
            OffsetDateTime now = GatewayTime.now(clock);
            List<Trigger> triggers = new ArrayList<>();
            boolean more = false;
            for (Rule rule : rules.enabled(Kind.RED_RISK)) {
                more |= unsigned(rule, now, triggers);
            }
            for (Rule rule : rules.enabled(Kind.LONG_UNRESOLVED)) {
                more |= longOpen(rule, now, triggers);
            }
            if (i == 0) {
                for (Rule rule : rules.enabled(Kind.SURGE)) {
                    surge(rule, now, triggers);
                }
            }
            WarningLedger.Applied applied = warnings.apply(triggers, null, now);
            raised += applied.raised();
            joined += applied.joined();
            if (!more) {
                break;
            }
        }
        return new Round(raised, joined, notices.sendUnsent());
    }

    /**
     * How far the cursor may move: to the last row read, unless the ids have a gap younger than
     * {@link #GAP_GRACE}; then to just before it, so the rows after it are read again with it.
     */
    static long passable(long from, List<HistoryRow> rows, OffsetDateTime now) {
        long expected = from + 1;
        long passable = from;
        for (HistoryRow row : rows) {
            if (row.id() != expected && row.occurredAt() != null
                    && row.occurredAt().isAfter(now.minus(GAP_GRACE))) {
                return passable;
            }
            passable = row.id();
            expected = row.id() + 1;
        }
        return passable;
    }

    // ---- the rules that arrivals trip, over the history ids (from, to] ----

    private record Arrival(String disputeId, String source, String countyCode, String townshipCode,
            OffsetDateTime receivedAt, boolean group, boolean high, String document) {
    }

    List<Trigger> arrivalTriggers(long from, long to, OffsetDateTime now) throws SQLException {
        List<Trigger> triggers = new ArrayList<>();
        for (Rule rule : rules.enabled(Kind.REPEAT_PARTY)) {
            repeatParty(rule, from, to, now, triggers);
        }
        List<Rule> perArrival = rules.enabled().stream().filter(r -> r.kind() == Kind.GROUP_MATTER
                || r.kind() == Kind.RED_RISK || r.kind() == Kind.ESCALATING_CONFLICT).toList();
        if (!perArrival.isEmpty()) {
            List<Arrival> arrivals = arrivals(from, to);
            for (Rule rule : perArrival) {
                switch (rule.kind()) {
                    case GROUP_MATTER -> group(rule, arrivals, triggers);
                    case RED_RISK -> red(rule, arrivals, triggers);
                    case ESCALATING_CONFLICT -> escalating(rule, arrivals, triggers);
                    default -> throw new IllegalStateException(rule.kind().name());
                }
            }
        }
        for (Rule rule : rules.enabled(Kind.LONG_UNRESOLVED)) {
            reopened(rule, from, to, now, triggers);
        }
        return triggers;
    }

    /** The disputes received in the batch, with what the per-dispute rules read of them. */
    private List<Arrival> arrivals(long from, long to) throws SQLException {
        // The document only where a rule reads it (a head count, a source's own category): most have neither.
        Set<String> documentSources = new LinkedHashSet<>();
        for (Rule rule : rules.enabled(Kind.ESCALATING_CONFLICT)) {
            documentSources.add(rule.parameters().fightSource());
        }
        boolean counts = !rules.enabled(Kind.GROUP_MATTER).isEmpty();
        String documentWhen = (documentSources.isEmpty() ? "1 = 0" : "d.source_system in ("
                + WarningLedger.placeholders(documentSources.size()) + ")")
                + (counts ? " or d.document like '%\"personCount\"%'" : "");
        List<Arrival> out = new ArrayList<>();
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement("""
                select d.dispute_id, d.source_system, d.county_code, d.township_code, d.received_at,
                    case when exists (select 1 from dispute_risk_mark m where m.dispute_id = d.dispute_id
                        and m.mark = 'GROUP') then 1 else 0 end,
                    case when exists (select 1 from dispute_risk_mark m where m.dispute_id = d.dispute_id
                        and m.mark = 'HIGH') then 1 else 0 end,
                    case when %s then d.document end
                from dispute_history h join dispute d on d.dispute_id = h.dispute_id
                where h.id > ? and h.id <= ? and h.event = 'RECEIVED'
                order by h.id""".formatted(documentWhen))) {
            int i = 1;
            for (String source : documentSources) {
                s.setString(i++, source);
            }
            s.setLong(i++, from);
            s.setLong(i, to);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Arrival(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class), rs.getInt(6) == 1, rs.getInt(7) == 1,
                            rs.getString(8)));
                }
            }
        }
        return out;
    }

    private void group(Rule rule, List<Arrival> arrivals, List<Trigger> triggers) {
        int people = rule.parameters().people();
        for (Arrival a : arrivals) {
            JsonNode count = document(a).path("personCount");
            if (a.group() || count.isNumber() && count.asInt() >= people) {
                triggers.add(onDispute(rule, a, List.of(a.disputeId())));
            }
        }
    }

    private void red(Rule rule, List<Arrival> arrivals, List<Trigger> triggers) {
        for (Arrival a : arrivals) {
            if (a.high() && rule.parameters().sources().contains(a.source())) {
                triggers.add(onDispute(rule, a, List.of(a.disputeId())));
            }
        }
    }

    /**
     * 民转刑: a record of the fight source in one of its fight categories, one of whose parties (ID or
     * phone key) is a party of a dispute of the rule's categories received within the days before it.
     */
    private void escalating(Rule rule, List<Arrival> arrivals, List<Trigger> triggers) throws SQLException {
        var p = rule.parameters();
        Map<String, Arrival> fights = new LinkedHashMap<>();
        for (Arrival a : arrivals) {
            if (p.fightSource().equals(a.source())
                    && p.fightCategories().contains(document(a).path("category").path("sourceCode").asText(""))) {
                fights.put(a.disputeId(), a);
            }
        }
        if (fights.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(fights.keySet());
        OffsetDateTime earliest = fights.values().stream().map(Arrival::receivedAt).min(OffsetDateTime::compareTo)
                .orElseThrow().minusDays(p.days());
        Map<String, Set<String>> earlier = new LinkedHashMap<>();
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement("""
                select k.dispute_id, d.dispute_id, d.received_at
                from dispute_search_key k
                join dispute_search_key k2 on k2.kind = k.kind and k2.key_hash = k.key_hash
                join dispute d on d.dispute_id = k2.dispute_id
                where k.dispute_id in (%s) and k.kind in ('ID', 'PHONE') and d.dispute_id <> k.dispute_id
                    and d.category_code in (%s) and d.received_at >= ?""".formatted(
                WarningLedger.placeholders(ids.size()), WarningLedger.placeholders(p.categories().size())))) {
            int i = 1;
            for (String id : ids) {
                s.setString(i++, id);
            }
            for (Category category : p.categories()) {
                s.setString(i++, category.name());
            }
            s.setObject(i, earliest);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Arrival fight = fights.get(rs.getString(1));
                    OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
                    // First the neighbour or family dispute, then the fight, within the days.
                    if (!at.isAfter(fight.receivedAt()) && !at.isBefore(fight.receivedAt().minusDays(p.days()))) {
                        earlier.computeIfAbsent(fight.disputeId(), k -> new LinkedHashSet<>()).add(rs.getString(2));
                    }
                }
            }
        }
        for (var e : earlier.entrySet()) {
            Arrival fight = fights.get(e.getKey());
            List<String> evidence = new ArrayList<>(e.getValue());
            evidence.add(fight.disputeId());
            triggers.add(onDispute(rule, fight, evidence));
        }
    }

    private JsonNode document(Arrival a) {
        if (a.document() == null) {
            return json.missingNode();
        }
        try {
            // Sealed as stored: the parts read here (head count, category) are never encrypted.
            return json.readTree(a.document());
        } catch (Exception e) {
            return json.missingNode();
        }
    }

    private Trigger onDispute(Rule rule, Arrival a, Collection<String> evidence) {
        return new Trigger(rule, a.disputeId(), "纠纷 " + a.disputeId(), a.countyCode(), a.townshipCode(),
                a.receivedAt(), evidence);
    }

    /**
     * 重复访: the ID and phone keys of the batch's new disputes that N disputes received within D days
     * carry. The batch's disputes are read by the history's own key, their keys by the key table's
     * (the dispute id leads it), then each key's disputes by its own lookup, newest first: they are
     * the count and the evidence at once. One grouped join of the three let H2 start from the key
     * table's (kind, key_hash) index, reading every ID and phone key of the ledger at every round, so
     * a round cost more the more the ledger held. A person who is the reporter (a grid worker, the one
     * who called the police) of the latest of them is no repeat party: reporting many disputes is
     * their work. That is read from the latest dispute's parties, once per key while the gateway runs.
     */
    private void repeatParty(Rule rule, long from, long to, OffsetDateTime now, List<Trigger> triggers)
            throws SQLException {
        int n = rule.parameters().disputes();
        OffsetDateTime since = now.minusDays(rule.parameters().days());
        try (Connection c = database.connection()) {
            List<String> arrived = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "select dispute_id from dispute_history where id > ? and id <= ? and event = 'RECEIVED'")) {
                s.setLong(1, from);
                s.setLong(2, to);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        arrived.add(rs.getString(1));
                    }
                }
            }
            // Kind then key, as the grouped query gave them: the order warnings are raised in.
            Map<String, String> candidates = new java.util.TreeMap<>();
            for (int at = 0; at < arrived.size(); at += 500) {
                List<String> chunk = arrived.subList(at, Math.min(arrived.size(), at + 500));
                // No condition on the kind here: with one, H2 may prefer the (kind, key_hash) index's whole range.
                try (PreparedStatement s = c.prepareStatement("select kind, key_hash from dispute_search_key where dispute_id in (%s)"
                        .formatted(WarningLedger.placeholders(chunk.size())))) {
                    for (int i = 0; i < chunk.size(); i++) {
                        s.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            String kind = rs.getString(1);
                            if (("ID".equals(kind) || "PHONE".equals(kind)) && !reporters.containsKey(rs.getString(2))) {
                                candidates.put(kind + ":" + rs.getString(2), kind);
                            }
                        }
                    }
                }
            }
            if (candidates.isEmpty()) {
                return;
            }
            Map<String, String> kinds = new LinkedHashMap<>();
            // Newest first per key: the first row of a key is its latest dispute.
            Map<String, List<String[]>> rows = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("""
                    select d.dispute_id, d.county_code, d.township_code
                    from dispute_search_key k join dispute d on d.dispute_id = k.dispute_id
                    where k.kind = ? and k.key_hash = ? and d.received_at >= ?
                    order by d.received_at desc, d.dispute_id desc""")) {
                for (var candidate : candidates.entrySet()) {
                    String kind = candidate.getValue();
                    String hash = candidate.getKey().substring(kind.length() + 1);
                    s.setString(1, kind);
                    s.setString(2, hash);
                    s.setObject(3, since);
                    List<String[]> of = new ArrayList<>();
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next() && of.size() < MOST_EVIDENCE) {
                            of.add(new String[] { rs.getString(1), rs.getString(2), rs.getString(3) });
                        }
                    }
                    if (of.size() >= n) {
                        kinds.put(hash, kind);
                        rows.put(hash, of);
                    }
                }
            }
            if (kinds.isEmpty()) {
                return;
            }
            Map<String, String> labels = persons(c, kinds, rows);
            for (var e : rows.entrySet()) {
                String label = labels.get(e.getKey());
                if (label == null || e.getValue().size() < n) {
                    continue; // the reporter of the latest dispute
                }
                String[] latest = e.getValue().get(0);
                List<String> evidence = new ArrayList<>();
                for (String[] row : e.getValue()) {
                    evidence.add(0, row[0]);
                }
                triggers.add(new Trigger(rule, kinds.get(e.getKey()) + ":" + e.getKey(), label, latest[1], latest[2],
                        now, evidence));
            }
        }
    }

    /** Keyed hashes known to be a reporter's: skipped without reading a document again. */
    private final Map<String, Boolean> reporters = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<String, Boolean>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 100_000;
                }
            });

    /**
     * For each key, the person as the centre is shown them (the matching number of the latest
     * dispute's party, masked as everywhere the number is not the reader's to see), or none when
     * that party is the dispute's reporter. The latest disputes' documents in one query.
     */
    private Map<String, String> persons(Connection c, Map<String, String> kinds, Map<String, List<String[]>> rows)
            throws SQLException {
        Map<String, String> latest = new LinkedHashMap<>();
        rows.forEach((hash, of) -> latest.put(hash, of.get(0)[0]));
        Map<String, String> documents = new java.util.HashMap<>();
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(latest.values()));
        for (int at = 0; at < ids.size(); at += 500) {
            List<String> chunk = ids.subList(at, Math.min(ids.size(), at + 500));
            try (PreparedStatement s = c.prepareStatement("select dispute_id, document from dispute where dispute_id in (%s)"
                    .formatted(WarningLedger.placeholders(chunk.size())))) {
                for (int i = 0; i < chunk.size(); i++) {
                    s.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        documents.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (var e : latest.entrySet()) {
            String hash = e.getKey();
            String kind = kinds.get(hash);
            String label = "ID".equals(kind) ? "同一当事人（身份证号）" : "同一当事人（电话）";
            boolean reporter = false;
            try {
                CanonicalDispute d = json.readValue(cipher.open(documents.get(e.getValue())), CanonicalDispute.class);
                SearchKeys.Key key = new SearchKeys.Key(SearchKeys.Kind.valueOf(kind), hash);
                for (CanonicalDispute.Party party : d.parties() == null ? List.<CanonicalDispute.Party>of() : d.parties()) {
                    // The party keyed as the intake keyed it: the same normalisation, the same numbers.
                    CanonicalDispute one = CanonicalDispute.builder(d.disputeId(), d.status()).parties(List.of(party))
                            .build();
                    if (searchKeys.of(one).parties().contains(key)) {
                        reporter = party.role() == PartyRole.REPORTER;
                        label = key.kind() == SearchKeys.Kind.ID
                                ? "当事人 身份证号 " + Masking.idNumber(party.idNumber().strip())
                                : "当事人 电话 " + Masking.phone(party.phone().strip());
                        break;
                    }
                }
            } catch (Exception ex) {
                LOG.debugf("No label for a repeat party: %s", ex.getClass().getSimpleName());
            }
            if (reporter) {
                reporters.put(hash, Boolean.TRUE);
            } else {
                labels.put(hash, label);
            }
        }
        return labels;
    }

    /** 久拖未决 by reopening: the batch's reopened disputes reopened the rule's number of times. */
    private void reopened(Rule rule, long from, long to, OffsetDateTime now, List<Trigger> triggers)
            throws SQLException {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement("""
                select h.dispute_id, d.county_code, d.township_code
                from dispute_history h join dispute d on d.dispute_id = h.dispute_id
                where h.event = 'REOPENED' and h.dispute_id in
                    (select b.dispute_id from dispute_history b where b.id > ? and b.id <= ? and b.event = 'REOPENED')
                group by h.dispute_id, d.county_code, d.township_code
                having count(*) >= ?""")) {
            s.setLong(1, from);
            s.setLong(2, to);
            s.setInt(3, rule.parameters().reopened());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    triggers.add(new Trigger(rule, rs.getString(1), "纠纷 " + rs.getString(1), rs.getString(2),
                            rs.getString(3), now, List.of(rs.getString(1))));
                }
            }
        }
    }

    // ---- the time-based rules ----

    /** An urgent dispute nobody has signed H hours after it arrived. @return true if the limit was reached */
    private boolean unsigned(Rule rule, OffsetDateTime now, List<Trigger> triggers) throws SQLException {
        // A week back is enough: older ones were warned of by earlier rounds, or are long unresolved.
        OffsetDateTime by = now.minusHours(rule.parameters().unsignedHours());
        return perDispute(rule, now, triggers, """
                select d.dispute_id, d.county_code, d.township_code from dispute d
                where %s and d.status in ('RECEIVED', 'DISPATCHED') and d.received_at <= ? and d.received_at > ?
                    and d.urgency = 'URGENT'
                    and not exists (select 1 from dispute_history h where h.dispute_id = d.dispute_id
                        and h.event = 'SIGNED')
                    and not exists (select 1 from risk_warning w where w.rule_id = ? and w.subject = d.dispute_id)
                order by d.received_at fetch first %d rows only""", by, by.minusDays(7));
    }

    /** A dispute still open the rule's days after it arrived. @return true if the limit was reached */
    private boolean longOpen(Rule rule, OffsetDateTime now, List<Trigger> triggers) throws SQLException {
        return perDispute(rule, now, triggers, """
                select d.dispute_id, d.county_code, d.township_code from dispute d
                where %s and d.status in (""" + OPEN_STATUSES + """
                ) and d.received_at <= ? and d.received_at > ?
                    and not exists (select 1 from risk_warning w where w.rule_id = ? and w.subject = d.dispute_id)
                order by d.received_at fetch first %d rows only""",
                now.minusDays(rule.parameters().ageDays()), OffsetDateTime.parse("2000-01-01T00:00:00+08:00"));
    }

    /**
     * One county at a time ({@code %s} takes the county's condition), so the ledger reads the
     * county's index by status and time ({@code ix_dispute_county_status}) rather than every dispute;
     * the disputes without a county (the city's triage) last.
     */
    private boolean perDispute(Rule rule, OffsetDateTime now, List<Trigger> triggers, String template,
            OffsetDateTime receivedBy, OffsetDateTime receivedAfter) throws SQLException {
        int found = 0;
        List<String> counties = new ArrayList<>();
        gazetteer.counties().forEach(c -> counties.add(c.code()));
        counties.add(null);
        try (Connection c = database.connection()) {
            for (String county : counties) {
                String sql = template.formatted(county == null ? "d.county_code is null" : "d.county_code = ?",
                        SCHEDULED_LIMIT);
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    int i = 1;
                    if (county != null) {
                        s.setString(i++, county);
                    }
                    s.setObject(i++, receivedBy);
                    s.setObject(i++, receivedAfter);
                    s.setString(i, rule.id());
                    try (ResultSet rs = s.executeQuery()) {
                        int here = 0;
                        while (rs.next()) {
                            here++;
                            String id = rs.getString(1);
                            triggers.add(new Trigger(rule, id, "纠纷 " + id, rs.getString(2), rs.getString(3), now,
                                    List.of(id)));
                        }
                        found = Math.max(found, here);
                    }
                }
            }
        }
        return found == SCHEDULED_LIMIT;
    }

    /**
     * 激增: today's (the gateway's day) count of a township and category against its daily average over
     * the trailing days before today, both counted in the ledger.
     */
    private void surge(Rule rule, OffsetDateTime now, List<Trigger> triggers) throws SQLException {
        var p = rule.parameters();
        OffsetDateTime today = now.toLocalDate().atStartOfDay(GatewayTime.ZONE).toOffsetDateTime();
        record Cell(String county, String township, String category) {
        }
        Map<Cell, Integer> counts = new LinkedHashMap<>();
        try (Connection c = database.connection()) {
            try (PreparedStatement s = c.prepareStatement("""
                    select county_code, township_code, category_code, count(*) from dispute
                    where received_at >= ? and received_at <= ? and township_code is not null
                      and county_code is not null
                    group by county_code, township_code, category_code
                    having count(*) >= ?""")) {
                s.setObject(1, today);
                s.setObject(2, now);
                s.setInt(3, p.atLeast());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        counts.put(new Cell(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getInt(4));
                    }
                }
            }
            if (counts.isEmpty()) {
                return;
            }
            // The trailing counts of the townships that may surge, a county at a time: the county's
            // index by township and time (ix_dispute_county_township) reads only their disputes.
            Map<String, Set<String>> townships = new LinkedHashMap<>();
            counts.keySet().forEach(cell -> townships.computeIfAbsent(cell.county(), k -> new LinkedHashSet<>())
                    .add(cell.township()));
            Map<Cell, Integer> trailing = new LinkedHashMap<>();
            for (var county : townships.entrySet()) {
                if (county.getKey() == null) {
                    continue;
                }
                try (PreparedStatement s = c.prepareStatement("""
                        select county_code, township_code, category_code, count(*) from dispute
                        where county_code = ? and township_code in (%s) and received_at >= ? and received_at < ?
                        group by county_code, township_code, category_code""".formatted(
                        WarningLedger.placeholders(county.getValue().size())))) {
                    int i = 1;
                    s.setString(i++, county.getKey());
                    for (String t : county.getValue()) {
                        s.setString(i++, t);
                    }
                    s.setObject(i++, today.minusDays(p.trailingDays()));
                    s.setObject(i, today);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            trailing.put(new Cell(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getInt(4));
                        }
                    }
                }
            }
            for (var e : counts.entrySet()) {
                Cell cell = e.getKey();
                double average = trailing.getOrDefault(cell, 0) / (double) p.trailingDays();
                if (e.getValue() <= p.factor() * average) {
                    continue;
                }
                List<String> evidence = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("""
                        select dispute_id from dispute
                        where county_code = ? and township_code = ? and category_code = ? and received_at >= ?
                            and received_at <= ?
                        order by received_at, dispute_id fetch first %d rows only""".formatted(MOST_EVIDENCE))) {
                    s.setString(1, cell.county());
                    s.setString(2, cell.township());
                    s.setString(3, cell.category());
                    s.setObject(4, today);
                    s.setObject(5, now);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            evidence.add(rs.getString(1));
                        }
                    }
                }
                String category = categoryName(cell.category());
                triggers.add(new Trigger(rule, cell.township() + ":" + cell.category(),
                        handlers.nameOf(cell.township()) + " " + category, cell.county(), cell.township(), now, evidence));
            }
        }
    }

    private static String categoryName(String code) {
        try {
            return Category.valueOf(code).displayName();
        } catch (IllegalArgumentException e) {
            return code;
        }
    }

    /** For the routes: runs a round and says nothing but failures, without personal data. */
    void quietly(String what, RoundWork work) {
        try {
            Round round = work.run();
            if (round.raised() > 0) {
                LOG.infof("Warning round (%s): %d raised, %d disputes joined standing warnings, %d notices sent", what,
                        round.raised(), round.joined(), round.notified());
            }
        } catch (Exception e) {
            LOG.warnf("Warning round (%s) failed: %s", what, e.getClass().getSimpleName());
        }
    }

    @FunctionalInterface
    interface RoundWork {
        Round run() throws Exception;
    }
}
