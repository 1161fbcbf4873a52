package org.fengqiao.gateway.ledger;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.fengqiao.gateway.privacy.PiiConfig;
import org.fengqiao.gateway.canonical.CanonicalDispute.Party;

/**
 * Keys for finding the same person across disputes without storing their ID number in clear: an
 * HMAC-SHA256 of the normalised number under {@code gateway.pii.index-key}. A plain hash would not
 * do: 18-digit ID numbers are few enough to enumerate.
 */
@ApplicationScoped
public class PartyKeys {

    private final SecretKeySpec key;

    @jakarta.inject.Inject
    public PartyKeys(PiiConfig pii) {
        // Present: the start stops before any ledger work when it is not (startup.StartChecks).
        this(pii.indexKey().orElseThrow());
    }

    public PartyKeys(String indexKey) {
        this.key = new SecretKeySpec(indexKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public Set<String> keysOf(List<Party> parties) {
        Set<String> keys = new TreeSet<>();
        if (parties == null) {
            return keys;
        }
        for (Party party : parties) {
            String id = normalise(party.idNumber());
            if (id != null) {
                keys.add(hmac(id));
            }
        }
        return keys;
    }

    /** The key of one ID number as a search gives it; empty when it is too short to have been keyed. */
    public java.util.Optional<String> keyOf(String idNumber) {
        return java.util.Optional.ofNullable(normalise(idNumber)).map(this::hmac);
    }

    private static final Pattern WHITESPACE = Pattern.compile("\\s");

    static String normalise(String idNumber) {
        if (idNumber == null) {
            return null;
        }
        String id = WHITESPACE.matcher(idNumber).replaceAll("").toUpperCase(Locale.ROOT);
        // 15- and 18-character resident ID numbers; anything shorter is too weak to link on.
        return id.length() >= 15 ? id : null;
    }

    /**
     * One Mac object per thread (initialised with the key on every use): the provider look-up costs
     * more than the keyed hash of a short value, and a Mac is not safe to share between threads.
     */
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    /**
     * The keyed hash of an already normalised value. Other kinds of key ({@link SearchKeys}) put a
     * lower-case kind prefix before the value: a normalised ID number is upper-case, so no ID key
     * equals any other kind's.
     */
    String hmac(String value) {
        try {
            Mac mac = HMAC.get();
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
