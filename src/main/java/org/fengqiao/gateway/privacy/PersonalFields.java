package org.fengqiao.gateway.privacy;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fields of a canonical dispute document that may carry personal data: party ID and phone
 * numbers, and the free text sources and handlers write (where they quote such numbers). One list,
 * so that what is encrypted at rest ({@link PartyFieldCipher}) and what is masked for callers who may
 * not see it in full ({@link Disclosure}) cannot drift apart. Categories, codes, dates and statuses
 * are not here: statistics and search read them.
 */
public final class PersonalFields {

    /** What a field holds, which decides how it is masked. */
    public enum Kind {
        ID_NUMBER, PHONE, TEXT
    }

    /** A visitor of one textual field: its object, its name, its kind. */
    @FunctionalInterface
    public interface Visitor {
        void visit(ObjectNode owner, String field, Kind kind);
    }

    /** Free text at the document's top level. */
    public static final List<String> TEXT = List.of("title", "description", "claims", "priorHandling");

    private PersonalFields() {
    }

    /** Calls the visitor for every personal field present in the document as text. */
    public static void forEach(JsonNode document, Visitor visitor) {
        if (!(document instanceof ObjectNode root)) {
            return;
        }
        for (String field : TEXT) {
            visitText(root, field, Kind.TEXT, visitor);
        }
        if (root.get("location") instanceof ObjectNode location) {
            visitText(location, "address", Kind.TEXT, visitor);
        }
        // The assignment's reason can quote a handler (a reassignment's reason).
        if (root.get("assignment") instanceof ObjectNode assignment) {
            visitText(assignment, "reason", Kind.TEXT, visitor);
        }
        for (JsonNode party : root.path("parties")) {
            if (party instanceof ObjectNode p) {
                visitText(p, "idNumber", Kind.ID_NUMBER, visitor);
                visitText(p, "phone", Kind.PHONE, visitor);
                visitText(p, "address", Kind.TEXT, visitor);
            }
        }
    }

    private static void visitText(ObjectNode owner, String field, Kind kind, Visitor visitor) {
        JsonNode value = owner.get(field);
        if (value != null && value.isTextual()) {
            visitor.visit(owner, field, kind);
        }
    }
}
