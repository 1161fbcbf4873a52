package org.fengqiao.gateway.statistics;

import java.util.Arrays;
import java.util.List;

/**
 * The sums of a set of disputes' facts, as the monthly summary keeps them per cell: a count per
 * counted column, the handling time in whole seconds and the handling times per bucket of
 * {@link Definitions#HANDLING_HOURS_BOUNDS}. Tallies add up (a year is its months, a total its rows)
 * and subtract (a fact made again takes its old contribution out), which a percentile of the times
 * themselves would not.
 */
final class Tally {

    /** The counted columns, named as in statistics_fact (a flag per dispute) and statistics_month (a sum). */
    static final List<String> COUNTS = List.of("received", "dispatched", "signed", "signed_on_time", "resolved",
            "resolved_on_time", "mediation_concluded", "mediated", "returned", "extended", "escalated", "reopened",
            "evaluated", "satisfied", "court_case", "court_pre_litigation", "petition", "repeat_petition");
    static final int RECEIVED = 0;
    static final int PETITION = COUNTS.indexOf("petition");
    static final int REPEAT_PETITION = COUNTS.indexOf("repeat_petition");
    /** The buckets: one per bound, and one above the last. */
    static final int BUCKETS = Definitions.HANDLING_HOURS_BOUNDS.length + 1;
    /** The bucket columns of statistics_month, in the order of the bounds. */
    static final List<String> BUCKET_COLUMNS = bucketColumns();

    final long[] counts = new long[COUNTS.size()];
    long handlingSeconds;
    final long[] hours = new long[BUCKETS];

    private static List<String> bucketColumns() {
        int[] bounds = Definitions.HANDLING_HOURS_BOUNDS;
        String[] names = new String[BUCKETS];
        for (int i = 0; i < bounds.length; i++) {
            names[i] = "hours_le_" + bounds[i];
        }
        names[bounds.length] = "hours_over_" + bounds[bounds.length - 1];
        return List.of(names);
    }

    /** The bucket of a handling time: the first whose bound is at least it, or the open one above. */
    static int bucket(double hours) {
        int[] bounds = Definitions.HANDLING_HOURS_BOUNDS;
        for (int i = 0; i < bounds.length; i++) {
            if (hours <= bounds[i]) {
                return i;
            }
        }
        return bounds.length;
    }

    /**
     * The same bucket in SQL, of the column {@code column} (null where it is null), so the database
     * counts the facts of a partial month into the buckets the summary keeps.
     */
    static String bucketSql(String column) {
        int[] bounds = Definitions.HANDLING_HOURS_BOUNDS;
        StringBuilder sql = new StringBuilder("case when ").append(column).append(" is null then null");
        for (int i = 0; i < bounds.length; i++) {
            sql.append(" when ").append(column).append(" <= ").append(bounds[i]).append(" then ").append(i);
        }
        return sql.append(" else ").append(bounds.length).append(" end").toString();
    }

    /** A handling time in whole seconds, as the summary adds it up (the facts keep whole seconds). */
    static long seconds(double hours) {
        return Math.round(hours * 3600);
    }

    /** One dispute's contribution. */
    static Tally of(Facts f) {
        Tally t = new Tally();
        boolean[] flags = { true, f.dispatched(), f.signed(), f.signedOnTime(), f.resolved(), f.resolvedOnTime(),
                f.mediationConcluded(), f.mediated(), f.returned(), f.extended(), f.escalated(), f.reopened(),
                f.evaluated(), f.satisfied(), f.courtCase(), f.courtPreLitigation(), f.petition(), f.repeatPetition() };
        for (int i = 0; i < flags.length; i++) {
            t.counts[i] = flags[i] ? 1 : 0;
        }
        if (f.handlingHours() != null) {
            t.handlingSeconds = seconds(f.handlingHours());
            t.hours[bucket(f.handlingHours())] = 1;
        }
        return t;
    }

    /** Adds {@code other} times {@code sign} (1 to add, -1 to take out). */
    Tally add(Tally other, int sign) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += sign * other.counts[i];
        }
        handlingSeconds += sign * other.handlingSeconds;
        for (int i = 0; i < hours.length; i++) {
            hours[i] += sign * other.hours[i];
        }
        return this;
    }

    boolean isZero() {
        return handlingSeconds == 0 && Arrays.stream(counts).allMatch(n -> n == 0)
                && Arrays.stream(hours).allMatch(n -> n == 0);
    }

    long received() {
        return counts[RECEIVED];
    }

    /**
     * The p90 as {@link Definitions} states it: the bound of the bucket holding the ⌈0.9·n⌉-th shortest
     * of the n handling times (the open bucket above the last bound reports that bound); null for none.
     */
    Double p90() {
        long n = Arrays.stream(hours).sum();
        if (n == 0) {
            return null;
        }
        long rank = (9 * n + 9) / 10;
        long seen = 0;
        int[] bounds = Definitions.HANDLING_HOURS_BOUNDS;
        for (int i = 0; i < hours.length; i++) {
            seen += hours[i];
            if (seen >= rank) {
                return (double) bounds[Math.min(i, bounds.length - 1)];
            }
        }
        return (double) bounds[bounds.length - 1];
    }

    Figures figures(long overdueNow) {
        long[] n = counts;
        long resolved = n[4];
        return new Figures(n[0], n[1], n[2], n[3], resolved, n[5], n[6], n[7], n[8], n[9], overdueNow, n[10], n[11],
                n[12], n[13], resolved == 0 ? null : handlingSeconds / 3600.0 / resolved, p90(), n[14], n[15]);
    }
}
