package org.fengqiao.gateway.canonical;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One event from a handler, as it arrives on {@code dispute.events} or the REST API.
 *
 * @param type what happened; null when absent or not one of its names (the handling stage then refuses
 *        the event, naming the allowed ones)
 * @param handlerId the handler the sender acts for; must hold the dispute
 * @param actor older name of {@code person}, still accepted on the queue
 * @param person on the queue: the person who acted for the handler, as the township's system names
 *        them (optional; the broker user when absent). Over HTTP: always the signed-in person
 * @param note progress note, the handling result (办理结果) on RESOLVED, the centre's message on SUPERVISED
 * @param outcome on RESOLVED: how it ended; null when absent or not one of its names
 * @param agreement on RESOLVED: the agreement text, if one was reached
 * @param days on EXTENSION_REQUESTED; on EXTENSION_APPROVED, fewer than asked (optional)
 * @param reason on RETURNED, EXTENSION_REQUESTED, EXTENSION_REFUSED, REASSIGNED
 * @param toHandlerId on REASSIGNED
 * @param attachments files the handler uploaded for this act ({@code POST .../attachments}), by id; null: none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HandlerEvent(EventType type, String disputeId, String handlerId, String actor, String person,
        String note, ResolutionOutcome outcome, String agreement, Integer days, String reason, String toHandlerId,
        java.util.List<String> attachments) {

    /** The record's own constructor is the one JSON is read with. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public HandlerEvent {
    }

    /** An event without attachments. */
    public HandlerEvent(EventType type, String disputeId, String handlerId, String actor, String person, String note,
            ResolutionOutcome outcome, String agreement, Integer days, String reason, String toHandlerId) {
        this(type, disputeId, handlerId, actor, person, note, outcome, agreement, days, reason, toHandlerId, null);
    }

    /** The same event with these uploads named as part of it. */
    public HandlerEvent withAttachments(java.util.List<String> ids) {
        return new HandlerEvent(type, disputeId, handlerId, actor, person, note, outcome, agreement, days, reason,
                toHandlerId, ids);
    }

    /** The uploads the event names; empty when none. */
    public java.util.List<String> attachmentIds() {
        return attachments == null ? java.util.List.of() : attachments;
    }

    public HandlerEvent withDisputeId(String id) {
        return new HandlerEvent(type, id, handlerId, actor, person, note, outcome, agreement, days, reason,
                toHandlerId, attachments);
    }

    /** The event as done by {@code who}, in person. */
    public HandlerEvent withPerson(String who) {
        return new HandlerEvent(type, disputeId, handlerId, actor, who, note, outcome, agreement, days, reason,
                toHandlerId, attachments);
    }

    /** The person the sender names: {@code person}, else the older {@code actor}; null if neither. */
    public String namedPerson() {
        return person != null && !person.isBlank() ? person : actor != null && !actor.isBlank() ? actor : null;
    }
}
