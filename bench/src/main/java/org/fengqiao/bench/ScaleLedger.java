package org.fengqiao.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A county-sized ledger made from a few hundred genuine disputes: each generated dispute takes the
 * sealed title and document of a genuine one (so what the console decrypts and parses is what the
 * gateway wrote) and gets its own columns: township, category, source, status, times and keys, with
 * the shares below. Written in chunks, each in one transaction with its row in
 * {@code bench_scale.chunk}, so a run that stopped resumes and a ledger already made is left as it is.
 */
final class ScaleLedger {

    static final int CHUNK = 100_000;
    /** Generated ids end in this plus the row's number: far above what the gateway's sequence reaches. */
    static final long ID_BASE = 10_000_000L;
    static final String RECORD_PREFIX = "SCALE-";
    /** Three years of disputes. */
    static final double DAYS = 3 * 365;

    /** Categories, by share of all disputes (percent). */
    static final Map<String, Double> CATEGORIES = shares("NEIGHBOR", 22, "MARRIAGE_FAMILY", 12, "HOUSING_HOMESTEAD", 8,
            "CONTRACT", 8, "DAMAGE_COMPENSATION", 7, "LABOR", 10, "PROPERTY_MGMT", 6, "FOREST_LAND", 5, "CONSUMER", 5,
            "TRAFFIC_ACCIDENT", 5, "LAND_ACQ_DEMOLITION", 3, "ENVIRONMENT", 3, "MEDICAL", 2, "PRODUCTION_BUSINESS", 2,
            "OTHER", 2);
    static final Map<String, Double> SOURCES = shares("HOTLINE_12345", 40, "POLICE_RISK", 20, "PETITION", 15,
            "GRID_WORKER", 15, "COURT_MEDIATION", 10);
    /** What an open dispute is doing. */
    static final Map<String, Double> OPEN_STATUSES = shares("DISPATCHED", 25, "SIGNED", 15, "IN_PROGRESS", 45,
            "ESCALATED", 5, "REOPENED", 6, "RETURNED", 4);
    /** How a dispute that is no longer open ended: most closed after the source's evaluation. */
    static final Map<String, Double> ENDED_STATUSES = shares("CLOSED", 84, "FEEDBACK_SENT", 5, "EVALUATED", 4,
            "RESOLVED", 2, "REJECTED", 3, "MERGED", 2);
    /**
     * Open for a while after it came in: a dispute {@code d} days old is still open with the chance
     * exp(-d / OPEN_DAYS), and an old one with STUCK_SHARE (the long cases every county has).
     */
    static final double OPEN_DAYS = 12;
    static final double STUCK_SHARE = 0.002;

    private final String url;
    private final String user;
    private final String password;

    ScaleLedger(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Genuine disputes (those the gateway recorded, not generated here). */
    long genuine() throws SQLException {
        return single("select count(*) from dispute where source_record_id not like '" + RECORD_PREFIX + "%'");
    }

    long disputes() throws SQLException {
        return single("select count(*) from dispute");
    }

    private long single(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Makes the ledger hold {@code total} generated disputes of the county {@code county}, spread over
     * {@code townships}; chunks already made are skipped. @return how many were written now
     */
    long generate(long total, String county, List<String> townships) throws SQLException {
        for (String code : townships) {
            if (!code.matches("[0-9]{9}")) {
                throw new IllegalArgumentException("not a township code: " + code);
            }
        }
        if (!county.matches("[0-9]{6}")) {
            throw new IllegalArgumentException("not a county code: " + county);
        }
        long written = 0;
        try (Connection c = connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("create schema if not exists bench_scale");
                s.execute("create table if not exists bench_scale.chunk (chunk integer primary key, rows bigint not null,"
                        + " made_at timestamp with time zone not null)");
                // Bulk load: a crash loses at most the last chunks, which the next run makes again.
                s.execute("set synchronous_commit = off");
                s.execute("set work_mem = '64MB'");
                s.execute("""
                        create temporary table scale_seed as
                        select (row_number() over (order by dispute_id) - 1)::integer as n, title, document
                        from dispute where source_record_id not like '%s%%'""".formatted(RECORD_PREFIX));
            }
            long seeds;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from scale_seed")) {
                rs.next();
                seeds = rs.getLong(1);
            }
            if (seeds == 0) {
                throw new IllegalStateException("no genuine disputes to make the ledger from");
            }
            c.setAutoCommit(false);
            for (int chunk = 0; (long) chunk * CHUNK < total; chunk++) {
                if (made(c, chunk)) {
                    continue;
                }
                long first = (long) chunk * CHUNK + 1;
                long last = Math.min(total, (long) (chunk + 1) * CHUNK);
                long started = System.nanoTime();
                stage(c, first, last, total, county, townships);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("""
                            insert into dispute (dispute_id, source_system, source_record_id, status, category_code,
                                handler_id, county_code, township_code, urgency, title, received_at, due_at, document,
                                updated_at, remind_at, escalate_at, co_handler_ids, outcome)
                            select x.dispute_id, x.source_system, x.source_record_id, x.status, x.category_code,
                                x.handler_id, x.county_code, x.township_code, x.urgency, s.title, x.received_at,
                                x.due_at, s.document, x.updated_at, x.remind_at, x.escalate_at, x.co_handler_ids,
                                x.outcome
                            from scale_chunk x join scale_seed s on s.n = x.g %% %d
                            order by x.g""".formatted(seeds));
                    fillSideTables(s);
                    s.executeUpdate("insert into bench_scale.chunk values (%d, %d, now())".formatted(chunk,
                            last - first + 1));
                }
                c.commit();
                written += last - first + 1;
                System.out.printf("  chunk %d: %,d disputes in %.0f s%n", chunk, last - first + 1,
                        (System.nanoTime() - started) / 1e9);
            }
            c.setAutoCommit(true);
        }
        return written;
    }

    private static boolean made(Connection c, int chunk) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select 1 from bench_scale.chunk where chunk = ?")) {
            s.setInt(1, chunk);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The chunk's disputes without their title and document, in a temporary table that the dispute
     * rows and every side table are made from. Row {@code g} of {@code total} is received at its place
     * in the three years, the first the oldest: the table grows in time order, as a real one does.
     */
    private static void stage(Connection c, long first, long last, long total, String county,
            List<String> townships)
            throws SQLException {
        String townshipArray = townships.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ", "array[", "]"));
        try (Statement s = c.createStatement()) {
            s.execute("drop table if exists scale_chunk");
            // Random numbers are drawn in the innermost query (volatile: not flattened), so each derived
            // column of a row reads the same draw.
            s.execute(String.format(Locale.ROOT, """
                    create temporary table scale_chunk as
                    select 'FQ' || to_char(b.received_at at time zone 'Asia/Shanghai', 'YYYYMMDD')
                               || lpad((%d + b.g)::text, 8, '0') as dispute_id,
                           b.g, '%s' || b.g as source_record_id, b.status, b.category_code, b.source_system,
                           case when b.status = 'ESCALATED' then '%s-TASKFORCE'
                                when b.status = 'RETURNED' then '%s-TRIAGE'
                                when b.category_code = 'MEDICAL' then '%s-MEDIATION-MEDICAL'
                                when b.category_code = 'TRAFFIC_ACCIDENT' then '%s-MEDIATION-TRAFFIC'
                                when b.category_code = 'LABOR' then '%s-LABOR-ARBITRATION'
                                else b.township_code end as handler_id,
                           '%s'::varchar(6) as county_code, b.township_code,
                           case when b.r_urgent < 0.05 then 'URGENT' else 'NORMAL' end as urgency,
                           b.received_at, b.due_at, b.received_at as updated_at,
                           case when b.open then b.due_at - interval '2 days' end as remind_at,
                           case when b.open then b.due_at + interval '5 days' end as escalate_at,
                           case when b.status = 'ESCALATED' then b.township_code end as co_handler_ids,
                           case when b.status in ('RESOLVED', 'FEEDBACK_SENT', 'EVALUATED', 'CLOSED') then
                                case when b.r_outcome < 0.8 then 'MEDIATED' when b.r_outcome < 0.95 then 'FAILED'
                                     else 'WITHDRAWN' end end as outcome,
                           b.open, b.r_keys
                    from (
                        select a.*,
                               case when a.open then %s else %s end as status,
                               a.received_at + case when a.source_system = 'HOTLINE_12345' then interval '15 days'
                                                    else interval '30 days' end as due_at
                        from (
                            select u.g, u.r_urgent, u.r_outcome, u.r_keys, u.r_status,
                                   now() - u.r_age * %f * interval '1 day' as received_at,
                                   u.r_open < greatest(exp(-u.r_age * %f / %f), %f) as open,
                                   %s as category_code, %s as source_system,
                                   (%s)[1 + floor(power(u.r_town, 1.3) * %d)::integer] as township_code
                            from (
                                select g, (%d - g + random()) / %d as r_age, random() as r_open, random() as r_status,
                                       random() as r_category, random() as r_source, random() as r_town,
                                       random() as r_urgent, random() as r_outcome, random() as r_keys
                                from generate_series(%d::bigint, %d::bigint) g
                            ) u
                        ) a
                    ) b""", ID_BASE, RECORD_PREFIX, county, county, county, county, county, county,
                    pick("a.r_status", OPEN_STATUSES), pick("a.r_status", ENDED_STATUSES), DAYS, DAYS, OPEN_DAYS,
                    STUCK_SHARE, pick("u.r_category", CATEGORIES), pick("u.r_source", SOURCES), townshipArray,
                    townships.size(), total, total, first, last));
        }
    }

    /**
     * Every table beside {@code dispute} that a generated dispute has rows in, made from
     * {@code scale_chunk} in the chunk's transaction. A new per-dispute table (search keys, say) gets
     * its rows here.
     */
    private static void fillSideTables(Statement s) throws SQLException {
        // Parties' ID keys: one party, or two for three disputes in ten. Made-up keys of the keyed hash's
        // length; no ID number hashes to them, so a search finds only genuine disputes.
        s.executeUpdate("""
                insert into dispute_party_key (dispute_id, key_hash, township_code, received_at)
                select dispute_id, md5('scale-party-1-' || g) || md5('scale-party-1b-' || g), township_code,
                       received_at from scale_chunk
                union all
                select dispute_id, md5('scale-party-2-' || g) || md5('scale-party-2b-' || g), township_code,
                       received_at from scale_chunk where r_keys < 0.3""");
        // An escalated dispute stays on its township's list as co-held.
        s.executeUpdate("""
                insert into dispute_co_handler (handler_id, dispute_id)
                select township_code, dispute_id from scale_chunk where status = 'ESCALATED'""");
        // The supervision steps whose time has passed were taken when it passed, as the gateway's
        // supervision would have; otherwise its first round would remind and escalate thousands.
        s.executeUpdate("""
                insert into dispute_supervision (dispute_id, stage, due_at, handler_id, taken_at)
                select dispute_id, 'REMINDER', due_at, handler_id, remind_at from scale_chunk
                where open and remind_at <= now()
                union all
                select dispute_id, 'SUPERVISION', due_at, handler_id, due_at from scale_chunk
                where open and due_at <= now()
                union all
                select dispute_id, 'ESCALATION', due_at, handler_id, escalate_at from scale_chunk
                where open and escalate_at <= now() and status <> 'ESCALATED'""");
    }

    /**
     * The statistics facts of the generated disputes (the gateway's catch-up makes them from the
     * history, which generated disputes do not have): what their status says for certain, and for the
     * rest (on time or late, returned, extended, evaluated, the handling time) shares drawn here, so the
     * figures are neither all zero nor all one. Made once; a ledger generated before the statistics
     * existed gets them on the next run. The same transaction clears the monthly summary's marker, so
     * the gateway's catch-up makes the summary again from all the facts, as it does on a ledger that
     * had facts before the summary existed ({@link #awaitSummary}). @return how many were made
     */
    long generateFacts() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("set synchronous_commit = off");
            s.execute("set work_mem = '64MB'");
            c.setAutoCommit(false);
            long made = s.executeUpdate("""
                    insert into statistics_fact (dispute_id, county_code, city_code, township_code, category_code,
                        source_system, handler_id, received_at, received_on, received_month, dispatched, signed,
                        signed_on_time, sign_by, resolved, resolved_on_time, mediation_concluded, mediated, returned,
                        extended, escalated, reopened, evaluated, satisfied, handling_hours, court_case,
                        court_pre_litigation, petition, repeat_petition, updated_at)
                    select dispute_id, county_code, substr(county_code, 1, 4), township_code, category_code,
                        source_system, handler_id, received_at, (received_at at time zone 'Asia/Shanghai')::date,
                        to_char(received_at at time zone 'Asia/Shanghai', 'YYYY-MM'), 1, signed,
                        case when signed = 1 and r1 < 0.92 then 1 else 0 end, null, resolved,
                        case when resolved = 1 and r2 < 0.85 then 1 else 0 end,
                        case when resolved = 1 and outcome in ('MEDIATED', 'FAILED') then 1 else 0 end,
                        case when resolved = 1 and outcome = 'MEDIATED' then 1 else 0 end,
                        case when status = 'RETURNED' or r3 < 0.05 then 1 else 0 end,
                        case when r4 < 0.04 then 1 else 0 end,
                        case when status = 'ESCALATED' or r3 > 0.99 then 1 else 0 end,
                        case when status = 'REOPENED' or r4 > 0.98 then 1 else 0 end,
                        evaluated, case when evaluated = 1 and r1 < 0.9 then 1 else 0 end,
                        case when resolved = 1 then r2 * r5 * 1440 end,
                        case when resolved = 1 and source_system = 'COURT_MEDIATION' then 1 else 0 end,
                        case when resolved = 1 and source_system = 'COURT_MEDIATION' and outcome = 'MEDIATED'
                             then 1 else 0 end,
                        case when source_system = 'PETITION' then 1 else 0 end,
                        case when source_system = 'PETITION' and r5 < 0.15 then 1 else 0 end, now()
                    from (
                        select d.dispute_id, d.county_code, d.township_code, d.category_code, d.source_system,
                               d.handler_id, d.received_at, d.status, d.outcome,
                               random() as r1, random() as r2, random() as r3, random() as r4, random() as r5,
                               case when status in ('DISPATCHED', 'RETURNED', 'REJECTED', 'MERGED') then 0 else 1 end
                                   as signed,
                               case when status in ('RESOLVED', 'FEEDBACK_SENT', 'EVALUATED', 'CLOSED') then 1 else 0
                                   end as resolved,
                               case when status in ('EVALUATED', 'CLOSED') and source_system = 'HOTLINE_12345' then 1
                                   else 0 end as evaluated
                        from dispute d
                        where source_record_id like '%s%%'
                          and not exists (select 1 from statistics_fact f where f.dispute_id = d.dispute_id)
                    ) g""".formatted(RECORD_PREFIX));
            if (made > 0) {
                s.executeUpdate("update statistics_watermark set caught_up_at = null where name = 'summary'");
            }
            c.commit();
            return made;
        }
    }

    /**
     * Waits until the gateway's catch-up has made the monthly summary (statistics_month) from the facts.
     * @return how long it waited, in seconds
     */
    double awaitSummary(Duration atMost) throws SQLException, InterruptedException {
        long started = System.nanoTime();
        while (single("select count(*) from statistics_watermark where name = 'summary' and caught_up_at is null")
                > 0) {
            if (System.nanoTime() - started > atMost.toNanos()) {
                throw new IllegalStateException("the gateway did not make the monthly summary within " + atMost);
            }
            Thread.sleep(1000);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** The monthly summary's rows. */
    long summaryCells() throws SQLException {
        return single("select count(*) from statistics_month");
    }

    /** Statistics and the visibility map for the new rows, as autovacuum would make them in time. */
    void vacuum() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String table : List.of("dispute", "dispute_party_key", "dispute_co_handler", "dispute_supervision",
                    "statistics_fact", "statistics_month")) {
                s.execute("vacuum (analyze) " + table);
            }
        }
    }

    /** A SQL {@code case} that maps the uniform random {@code column} to a name with the given shares. */
    static String pick(String column, Map<String, Double> shares) {
        double sum = shares.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder sql = new StringBuilder("case");
        double upTo = 0;
        List<String> names = new ArrayList<>(shares.keySet());
        for (int i = 0; i < names.size() - 1; i++) {
            upTo += shares.get(names.get(i)) / sum;
            sql.append(" when ").append(column).append(" < ").append(upTo).append(" then '").append(names.get(i))
                    .append('\'');
        }
        return sql.append(" else '").append(names.get(names.size() - 1)).append("' end").toString();
    }

    private static Map<String, Double> shares(Object... nameAndShare) {
        Map<String, Double> shares = new LinkedHashMap<>();
        for (int i = 0; i < nameAndShare.length; i += 2) {
            shares.put((String) nameAndShare[i], ((Number) nameAndShare[i + 1]).doubleValue());
        }
        return shares;
    }
}
