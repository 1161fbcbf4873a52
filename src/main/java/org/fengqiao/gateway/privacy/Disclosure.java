package org.fengqiao.gateway.privacy;

import java.util.Collection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fengqiao.gateway.security.StaffCaller;

/**
 * The one rule for what a staff caller is shown of a dispute, on every read path (the dispute, an
 * inbox, and any list, search or export that shows case contents): decided by who calls and who holds
 * the dispute where. The holder and its co-holders see it in full; the triage desk and centre of its
 * county (the city's of every county) see it with every personal number masked, in the party fields and
 * in the free text ({@link PersonalFields}); anyone else, the operator included, not at all.
 */
public enum Disclosure {

    /** The holder or a co-holder: as stored, decrypted. */
    FULL,
    /** An overseeing triage desk or centre: ID and mobile numbers masked wherever they are written. */
    MASKED,
    /** Anyone else: the dispute is not shown (a read answers as if it did not exist). */
    NONE;

    /**
     * @param holderId    the dispute's current handler
     * @param coHolderIds its co-handlers (none: empty)
     * @param countyCode  its county, null when no county holds it (then the city's bodies oversee it)
     * @param cityCode    the city the gateway serves (routing policy's {@code city})
     */
    public static Disclosure of(StaffCaller caller, String holderId, Collection<String> coHolderIds,
            String countyCode, String cityCode) {
        if (caller.operator()) {
            return NONE;
        }
        if (caller.id().equals(holderId) || coHolderIds.contains(caller.id())) {
            return FULL;
        }
        return caller.overseesArea(countyCode, cityCode) ? MASKED : NONE;
    }

    /** The document as this caller may see it: personal fields masked in place when {@link #MASKED}. */
    public ObjectNode document(ObjectNode document) {
        requireShown();
        if (this == MASKED) {
            PersonalFields.forEach(document, (owner, field, kind) -> {
                String value = owner.get(field).asText();
                owner.put(field, switch (kind) {
                    case ID_NUMBER -> Masking.idNumber(value);
                    case PHONE -> Masking.phone(value);
                    case TEXT -> Masking.text(value);
                });
            });
        }
        return document;
    }

    /** One free-text field of the dispute (a title in a list) as this caller may see it. */
    public String text(String value) {
        requireShown();
        return this == MASKED ? Masking.text(value) : value;
    }

    /** Whether the caller may see the dispute at all. */
    public boolean shown() {
        return this != NONE;
    }

    private void requireShown() {
        if (this == NONE) {
            throw new IllegalStateException("a dispute the caller may not see was about to be shown");
        }
    }
}
