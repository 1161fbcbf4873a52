package org.fengqiao.gateway.privacy;

import java.util.List;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fengqiao.gateway.canonical.CanonicalDispute;

/**
 * The ledger's side of the canonical document: party {@code idNumber} and {@code phone} are
 * encrypted on the way into {@code dispute.document} and decrypted on the way out, so code above
 * the ledger reads and writes documents in clear and never sees a ciphertext.
 */
@ApplicationScoped
public class PartyFieldCipher {

    /** The party fields kept encrypted (also in {@link #seal(CanonicalDispute)}). */
    static final List<String> FIELDS = List.of("idNumber", "phone");

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
        return transform(document, this::sealValue);
    }

    /**
     * For storage, from the dispute itself: the document it writes with {@link #FIELDS} of every party
     * encrypted. What {@link #seal(String)} gives for the dispute's own document, without reading that
     * document back into a tree first (a new dispute is written once for its queue and once sealed).
     */
    public String seal(CanonicalDispute dispute) {
        try {
            if (dispute.parties() == null) {
                return json.writeValueAsString(dispute);
            }
            return json.writeValueAsString(dispute.withParties(dispute.parties().stream()
                    .map(p -> p.withContact(sealValue(p.idNumber()), sealValue(p.phone()))).toList()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a dispute could not be written as JSON", e);
        }
    }

    /** Clear values encrypted under the active key; values already encrypted are kept. */
    private String sealValue(String value) {
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
            JsonNode parties = root.path("parties");
            boolean changed = false;
            for (JsonNode party : parties) {
                if (!(party instanceof ObjectNode p)) {
                    continue;
                }
                for (String field : FIELDS) {
                    JsonNode value = p.get(field);
                    if (value != null && value.isTextual()) {
                        String after = change.apply(value.asText());
                        if (!after.equals(value.asText())) {
                            p.put(field, after);
                            changed = true;
                        }
                    }
                }
            }
            return changed ? json.writeValueAsString(root) : document;
        } catch (JsonProcessingException e) {
            // Position only: the parser's message would quote the document.
            throw new IllegalStateException("a stored dispute document is not JSON (at "
                    + (e.getLocation() == null ? "?" : e.getLocation().getCharOffset()) + ")");
        }
    }
}
