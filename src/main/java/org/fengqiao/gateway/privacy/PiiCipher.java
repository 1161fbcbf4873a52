package org.fengqiao.gateway.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


/**
 * Encrypts single values (ID numbers, phone numbers) for storage: AES-256-GCM, a fresh random 96-bit
 * IV per value, written as {@code enc:v1:<keyId>:<base64(iv | ciphertext | tag)>}. The key id travels
 * with the value, so values written under an older key still decrypt while that key is configured
 * ({@code gateway.pii.keys}); new values are written under {@code gateway.pii.active-key}.
 */
@ApplicationScoped
public class PiiCipher {

    public static final String PREFIX = "enc:v1:";
    /**
     * One cipher object per thread, initialised afresh (key, new IV) for every value: looking the
     * transformation up among the providers costs more than sealing a short value, and a backfill
     * seals several values a record. A Cipher is not safe to share between threads.
     */
    private static final ThreadLocal<Cipher> AES = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;

    @Inject
    public PiiCipher(PiiConfig config) {
        this(checked(config));
    }

    public PiiCipher(List<String> keys, String activeKeyId) {
        this(parse(keys), activeKeyId);
    }

    private PiiCipher(PiiCipher checked) {
        this(checked.keys, checked.activeKeyId);
    }

    /** A mistake in the keys stops the start with its message alone (it names ids, never keys). */
    private static PiiCipher checked(PiiConfig config) {
        try {
            // Present: the start stops before when they are not (startup.StartChecks).
            return new PiiCipher(parse(config.keys().orElseThrow()), config.activeKey().orElseThrow());
        } catch (IllegalArgumentException mistake) {
            throw new io.quarkus.runtime.configuration.ConfigurationException(mistake.getMessage());
        }
    }

    public PiiCipher(Map<String, SecretKey> keys, String activeKeyId) {
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("gateway.pii.active-key '" + activeKeyId
                    + "' is not one of the ids in gateway.pii.keys " + keys.keySet());
        }
        this.keys = Map.copyOf(keys);
        this.activeKeyId = activeKeyId;
    }

    /** {@code id:base64key} entries; each key must be 256 bits. Errors name the id, never the key. */
    public static Map<String, SecretKey> parse(List<String> entries) {
        Map<String, SecretKey> out = new LinkedHashMap<>();
        for (String entry : entries) {
            String trimmed = entry.strip();
            int colon = trimmed.indexOf(':');
            String id = colon < 0 ? "" : trimmed.substring(0, colon);
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("gateway.pii.keys: each entry must be <id>:<base64 key>, with an id of"
                        + " letters, digits, '.', '_' or '-'");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(trimmed.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("gateway.pii.keys: key '" + id + "' is not base64");
            }
            if (key.length != 32) {
                throw new IllegalArgumentException("gateway.pii.keys: key '" + id + "' has " + key.length * 8
                        + " bits; 256 are required");
            }
            if (out.put(id, new SecretKeySpec(key, "AES")) != null) {
                throw new IllegalArgumentException("gateway.pii.keys: key id '" + id + "' is listed twice");
            }
        }
        return out;
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public static boolean isEncrypted(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** Whether the value is encrypted under the active key (and so needs no re-encryption). */
    public boolean isCurrent(String value) {
        return isEncrypted(value) && activeKeyId.equals(keyIdOf(value));
    }

    public String encrypt(String clear) {
        if (clear == null) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher aes = AES.get();
            aes.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            // The header is authenticated too: a value cannot be relabelled with another key id.
            aes.updateAAD(header(activeKeyId));
            byte[] sealed = aes.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return PREFIX + activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** The clear value; a value that is not encrypted (written before encryption was on) is returned as it is. */
    public String decrypt(String value) {
        if (!isEncrypted(value)) {
            return value;
        }
        String keyId = keyIdOf(value);
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new PiiKeyException("a stored value is encrypted under key '" + keyId
                    + "', which is not in gateway.pii.keys");
        }
        try {
            byte[] in = Base64.getDecoder().decode(value.substring(PREFIX.length() + keyId.length() + 1));
            Cipher aes = AES.get();
            aes.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            aes.updateAAD(header(keyId));
            return new String(aes.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new PiiKeyException("a stored value under key '" + keyId + "' does not decrypt ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Decrypted with whichever key it names, encrypted again under the active key. */
    public String reencrypt(String value) {
        return value == null || isCurrent(value) ? value : encrypt(decrypt(value));
    }

    private static String keyIdOf(String value) {
        int end = value.indexOf(':', PREFIX.length());
        return end < 0 ? "" : value.substring(PREFIX.length(), end);
    }

    private static byte[] header(String keyId) {
        return (PREFIX + keyId).getBytes(StandardCharsets.UTF_8);
    }

    /** A stored value cannot be read with the configured keys. */
    public static class PiiKeyException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public PiiKeyException(String message) {
            super(message);
        }
    }
}
