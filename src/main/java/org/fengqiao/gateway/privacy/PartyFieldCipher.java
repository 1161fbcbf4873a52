package org.fengqiao.gateway.privacy;

import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import org.fengqiao.gateway.canonical.CanonicalDispute;

/**
 * The ledger's side of the canonical document: its {@link PersonalFields} (party ID and phone numbers,
 * and the free text where sources and handlers quote them) are encrypted on the way into
 * {@code dispute.document} and decrypted on the way out, so code above the ledger reads and writes
 * documents in clear and never sees a ciphertext. Codes, categories, dates and statuses stay readable.
 */
@ApplicationScoped
public class PartyFieldCipher {

    private final PiiCipher cipher;
    private final ObjectMapper json;
    private final ObjectReader reader;

    @Inject
    public PartyFieldCipher(PiiCipher cipher, ObjectMapper json) {
        this.cipher = cipher;
        this.json = json;
        // Decimals as written: an amount of 50000.10 must come back as 50000.10.
        this.reader = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    }

    public PiiCipher cipher() {
        return cipher;
    }

    /** For storage: clear values encrypted under the active key; values already encrypted are kept. */
    public String seal(String document) {
        return transform(document, this::sealText);
    }

    /**
     * For storage, from the dispute itself: the document it writes with its {@link PersonalFields}
     * encrypted. What {@link #seal(String)} gives for the dispute's own document, without reading that
     * document back into a tree first (a new dispute is written once for its queue and once sealed).
     */
    public String seal(CanonicalDispute dispute) {
        return write(sealed(dispute));
    }

    /** The dispute with its {@link PersonalFields} encrypted, as {@link #seal(String)} would write it. */
    public CanonicalDispute sealed(CanonicalDispute d) {
        CanonicalDispute.Location l = d.location();
        CanonicalDispute.Assignment a = d.assignment();
        return d.toBuilder()
                .title(sealText(d.title()))
                .description(sealText(d.description()))
                .claims(sealText(d.claims()))
                .location(l == null ? null : new CanonicalDispute.Location(sealText(l.address()),
                        l.standardAddressCode(), l.countyCode(), l.townshipCode(), l.villageCode(), l.gridCode(),
                        l.resolution()))
                .parties(d.parties() == null ? null : d.parties().stream()
                        .map(p -> new CanonicalDispute.Party(p.role(), p.name(), sealText(p.idNumber()),
                                sealText(p.phone()), sealText(p.address()), p.idNumberValid()))
                        .toList())
                .priorHandling(sealText(d.priorHandling()))
                .assignment(a == null ? null : new CanonicalDispute.Assignment(a.handlerId(), a.handlerName(),
                        a.coHandlerIds(), a.dispatchedAt(), a.signBy(), a.dueAt(), sealText(a.reason()),
                        a.gridCode()))
                .build();
    }

    /** The dispute as JSON, as it is stored. */
    public String write(CanonicalDispute dispute) {
        try {
            return json.writeValueAsString(dispute);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a dispute could not be written as JSON", e);
        }
    }

    /**
     * One value for storage (a personal field, or a column copied from one, like {@code dispute.title}):
     * encrypted under the active key unless it already is.
     */
    public String sealText(String value) {
        return value == null || PiiCipher.isEncrypted(value) ? value : cipher.encrypt(value);
    }

    /** From storage: every value decrypted, whichever configured key it was written under. */
    public String open(String document) {
        return transform(document, cipher::decrypt);
    }

    /** Every value under the active key: what re-encryption writes. */
    public String reseal(String document) {
        return transform(document, cipher::reencrypt);
    }

    /** Whether some value is in clear or under another key than the active one. */
    public boolean needsResealing(String document) {
        boolean[] stale = { false };
        transform(document, v -> {
            stale[0] |= !cipher.isCurrent(v);
            return v;
        });
        return stale[0];
    }

    private String transform(String document, UnaryOperator<String> change) {
        if (document == null) {
            return null;
        }
        try {
            JsonNode root = reader.readTree(document);
            boolean[] changed = { false };
            PersonalFields.forEach(root, (owner, field, kind) -> {
                String before = owner.get(field).asText();
                String after = change.apply(before);
                if (!after.equals(before)) {
                    owner.put(field, after);
                    changed[0] = true;
                }
            });
            return changed[0] ? json.writeValueAsString(root) : document;
        } catch (JsonProcessingException e) {
            // Position only: the parser's message would quote the document.
            throw new IllegalStateException("a stored dispute document is not JSON (at "
                    + (e.getLocation() == null ? "?" : e.getLocation().getCharOffset()) + ")");
        }
    }
}
