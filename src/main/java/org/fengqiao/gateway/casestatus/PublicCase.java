package org.fengqiao.gateway.casestatus;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the source of a case, or the public, may read of it: where it stands, who handles it, its
 * deadlines, its outcome and the public part of its history. Nothing here comes from what the
 * parties wrote or who they are: no description, address, names or numbers of people, and no
 * reasons written by staff (they may quote the parties).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PublicCase(String disputeId, String recordId, String status, String statusName, boolean open,
        String categoryCode, String categoryName, Handler handler, OffsetDateTime receivedAt,
        OffsetDateTime updatedAt, OffsetDateTime signBy, OffsetDateTime dueAt, Outcome outcome,
        List<Step> history) {

    /** The handler holding the case (a township, a mediation body, the triage desk). */
    public record Handler(String id, String name) {
    }

    /** How the handler's resolution ended: MEDIATED, FAILED or WITHDRAWN, and its Chinese name. */
    public record Outcome(String code, String name) {
    }

    /** One entry of the public history: what happened, when, and for which handler. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(String event, String eventName, String status, OffsetDateTime at, String handlerName) {
    }
}
