package org.fengqiao.gateway.observability;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The case a log line is about, in the log's MDC while the case is processed (intake, delivery,
 * handling, feedback): {@code disputeId}, {@code source} (the source system) and {@code handler}.
 * Identifiers only: never a name, ID number or phone number. Closing restores what the thread had,
 * so a pooled thread never carries one case's keys into the next.
 *
 * <p>Why by hand: the keys are known in the middle of a step (a dispute's id exists once the intake
 * has numbered it), on threads Camel's MDC support does not cover (the feedback relay, the group
 * commit's writers).
 */
public final class CaseMdc implements AutoCloseable {

    public static final String DISPUTE_ID = "disputeId";
    public static final String SOURCE = "source";
    public static final String HANDLER = "handler";

    /** One DEBUG line per hop of a case (recorded, delivered, event applied, feedback answered). */
    public static final Logger LOG = Logger.getLogger("org.fengqiao.gateway.cases");

    private final Object disputeId;
    private final Object source;
    private final Object handler;

    private CaseMdc() {
        disputeId = MDC.get(DISPUTE_ID);
        source = MDC.get(SOURCE);
        handler = MDC.get(HANDLER);
    }

    /** Sets the keys that are given (null leaves a key as it was); close to restore. */
    public static CaseMdc open(String disputeId, String source, String handler) {
        CaseMdc previous = new CaseMdc();
        put(DISPUTE_ID, disputeId);
        put(SOURCE, source);
        put(HANDLER, handler);
        return previous;
    }

    public static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    @Override
    public void close() {
        restore(DISPUTE_ID, disputeId);
        restore(SOURCE, source);
        restore(HANDLER, handler);
    }

    private static void restore(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
