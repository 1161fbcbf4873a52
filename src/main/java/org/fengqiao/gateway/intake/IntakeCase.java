package org.fengqiao.gateway.intake;

import java.time.OffsetDateTime;
import java.util.List;

import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.DisputeDraft;
import org.fengqiao.gateway.jurisdiction.Resolution;
import org.fengqiao.gateway.ledger.LedgerEntry;
import org.fengqiao.gateway.routing.CategoryDecision;

/**
 * One case on its way through direct:accept-dispute: the message body between the route's steps,
 * each step filling in what it decided, so the route shows the flow and each step stays small.
 */
public class IntakeCase {

    private final DisputeDraft draft;
    private final OffsetDateTime receivedAt;
    LedgerEntry known;
    Resolution place;
    CategoryDecision category;
    String handlerId;
    String reason;
    /** Told of the dispute without holding it: the grid's handler where the routing policy adds one. */
    List<String> coHandlerIds = List.of();
    List<CanonicalDispute.RelatedLink> related;
    CanonicalDispute dispute;
    IntakeOutcome outcome;
    /** The source's inline files, stored PENDING for this case's new dispute (ids), not yet attached. */
    List<String> storedAttachments = List.of();

    IntakeCase(DisputeDraft draft, OffsetDateTime receivedAt) {
        this.draft = draft;
        this.receivedAt = receivedAt;
    }

    public DisputeDraft draft() {
        return draft;
    }

    public OffsetDateTime receivedAt() {
        return receivedAt;
    }

    /** Whether the ledger already has this source record (the route's choice reads it). */
    public boolean isKnown() {
        return known != null;
    }

    public CanonicalDispute dispute() {
        return dispute;
    }

    public IntakeOutcome outcome() {
        return outcome;
    }
}
