package org.fengqiao.gateway.handling;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One event from a handler, as it arrives on {@code dispute.events} or the REST API.
 *
 * @param handlerId the handler the sender acts for; must hold the dispute
 * @param actor the person, for the history (optional)
 * @param note progress note, or the handling result (办理结果) on RESOLVED
 * @param outcome on RESOLVED: MEDIATED, FAILED or WITHDRAWN
 * @param agreement on RESOLVED: the agreement text, if one was reached
 * @param days on EXTENSION_REQUESTED
 * @param reason on RETURNED, EXTENSION_REQUESTED, REASSIGNED
 * @param toHandlerId on REASSIGNED
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HandlerEvent(String type, String disputeId, String handlerId, String actor, String note,
        String outcome, String agreement, Integer days, String reason, String toHandlerId) {

    public HandlerEvent withDisputeId(String id) {
        return new HandlerEvent(type, id, handlerId, actor, note, outcome, agreement, days, reason, toHandlerId);
    }
}
