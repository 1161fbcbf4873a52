package org.fengqiao.gateway.feedback;

import java.time.OffsetDateTime;
import java.util.List;

import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.handling.HandlerEvent;

/**
 * What one source system hears back, in its own API's terms. One implementation per source, kept
 * in that source's intake package: the feedback stage itself knows no source.
 */
public interface SourceFeedback {

    String sourceSystem();

    /** The source's API, to which the calls' paths are relative. */
    String baseUrl();

    /** Whether the source evaluates results itself (the hotline's 回访): then the loop closes on its evaluation. */
    default boolean evaluates() {
        return false;
    }

    /**
     * The calls a handler event causes (often none).
     *
     * @param dispute the dispute as last delivered
     * @param handlerName display name of the handler that sent the event
     */
    List<FeedbackCall> onEvent(CanonicalDispute dispute, HandlerEvent event, String handlerName, OffsetDateTime at);
}
