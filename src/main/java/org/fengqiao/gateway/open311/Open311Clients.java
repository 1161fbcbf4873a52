package org.fengqiao.gateway.open311;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import org.fengqiao.gateway.problem.RefusalReason;
import org.fengqiao.gateway.problem.Text;
import org.fengqiao.gateway.problem.UnauthorizedException;

/**
 * Who an Open311 caller is, by its {@code api_key}. Keys are kept as SHA-256 only (hashed at start
 * when configured as the key itself) and compared in constant time; one key is one client.
 */
@ApplicationScoped
@Startup
public class Open311Clients implements org.fengqiao.gateway.intake.OwnCredentialSource {

    static final Pattern CLIENT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    static final int MAX_KEY_LENGTH = 256;

    /** A client: its configured name (part of its requests' record ids) and how people read it. */
    public record Client(String name, String displayName) {
    }

    @Inject
    Open311Config config;

    private final Map<String, byte[]> hashes = new LinkedHashMap<>();
    private final Map<String, Client> clients = new LinkedHashMap<>();

    @PostConstruct
    void read() {
        for (var entry : config.clients().entrySet()) {
            String name = entry.getKey();
            var client = entry.getValue();
            String where = "gateway.open311.clients." + name;
            if (!CLIENT_NAME.matcher(name).matches()) {
                throw new ConfigurationException(where + ": a client name is lower-case letters, digits and -, at most 32");
            }
            byte[] hash;
            if (client.apiKeySha256().filter(h -> !h.isBlank()).isPresent()) {
                String hex = client.apiKeySha256().get().trim().toLowerCase(Locale.ROOT);
                if (!hex.matches("[0-9a-f]{64}")) {
                    throw new ConfigurationException(where + ".api-key-sha256: 64 hex digits (the SHA-256 of the key)");
                }
                hash = HexFormat.of().parseHex(hex);
            } else if (client.apiKey().filter(k -> !k.isBlank()).isPresent()) {
                hash = sha256(client.apiKey().get());
            } else {
                throw new ConfigurationException(where + ".api-key (GATEWAY_OPEN311_CLIENTS__" + name.toUpperCase(Locale.ROOT)
                        .replace('-', '_') + "__API_KEY) or " + where + ".api-key-sha256: missing");
            }
            hashes.put(name, hash);
            clients.put(name, new Client(name, client.displayName().filter(d -> !d.isBlank()).orElse(name)));
        }
    }

    /** Open311's clients have their own keys (gateway.open311.clients.*), not a source credential. */
    @Override
    public String sourceSystem() {
        return Open311Api.SOURCE;
    }

    /** The client whose key this is; 401 when none is given or nobody has it. */
    public Client authenticate(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new UnauthorizedException(RefusalReason.MISSING, new Text("open311.api-key-missing"));
        }
        if (apiKey.length() > MAX_KEY_LENGTH) {
            throw new UnauthorizedException(RefusalReason.MALFORMED, new Text("open311.api-key-unknown"));
        }
        byte[] given = sha256(apiKey);
        Client found = null;
        // Every key compared, in constant time: the answer's timing does not tell which client came close.
        for (var entry : hashes.entrySet()) {
            if (MessageDigest.isEqual(given, entry.getValue())) {
                found = clients.get(entry.getKey());
            }
        }
        if (found == null) {
            throw new UnauthorizedException(RefusalReason.UNKNOWN_CREDENTIAL, new Text("open311.api-key-unknown"));
        }
        return found;
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
