package org.fengqiao.gateway.feedback;

/**
 * One call the gateway owes a source: built from that source's declaration
 * ({@link FeedbackDeclarations}), kept in the feedback outbox until the source has taken it.
 *
 * @param kind what it says (SIGN, PROGRESS, RESULT, ACCEPTANCE, DISPOSAL, RETURN ...)
 * @param idempotencyKey sent as the Idempotency-Key header: a repeat after a timeout is recognisable
 * @param finalResult the result that closes the loop with the source (FEEDBACK_SENT once delivered)
 */
public record FeedbackCall(String kind, String method, String path, String contentType, String body,
        String idempotencyKey, boolean finalResult) {
}
