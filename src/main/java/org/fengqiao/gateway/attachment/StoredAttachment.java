package org.fengqiao.gateway.attachment;

import java.time.OffsetDateTime;

import org.fengqiao.gateway.canonical.CanonicalDispute.AttachmentRef;

/**
 * One attachment as the ledger keeps it, without its bytes.
 *
 * @param contentType as detected from the bytes
 * @param uploadedBy  the handler that uploaded it, or the source that sent it
 * @param person      who uploaded it for the handler; null for a source
 */
public record StoredAttachment(String id, String disputeId, String fileName, String contentType, long size,
        String sha256, String uploadedBy, String person, OffsetDateTime createdAt) {

    /** Where staff read it: the API path, behind the same rule as the dispute's read. */
    public String href() {
        return "/api/v1/disputes/" + disputeId + "/attachments/" + id;
    }

    /** What the dispute's record and its messages carry: the reference, never the bytes. */
    public AttachmentRef reference() {
        return new AttachmentRef(id, fileName, contentType, size, sha256, href(), null, null);
    }
}
