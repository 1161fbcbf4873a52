package org.fengqiao.gateway.support;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets of its own for every key the packaged jar's {@code prod} profile asks for, learnt from the
 * jar itself: a start without them stops naming each missing key and its environment variable (and,
 * on one line, every handler whose password is missing), so a test of {@code prod} sets exactly what
 * the shipped configuration requires, and keeps doing so when a secret is added.
 */
public final class ProductionSecrets {

    private static final Pattern MISSING = Pattern.compile("\\(([A-Z0-9_]+)\\): missing$", Pattern.MULTILINE);
    private static final Pattern HANDLERS = Pattern.compile("missing for \\d+ handler\\(s\\): (.+)$", Pattern.MULTILINE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ProductionSecrets() {
    }

    /**
     * The environment of a {@code prod} start with {@code given} (which may name secrets the start
     * needs, such as the identity provider's client secret) and a fresh value for every other secret.
     */
    public static Map<String, String> prodWith(String name, Map<String, String> given) throws Exception {
        Map<String, String> env = new HashMap<>(given);
        env.put("QUARKUS_PROFILE", "prod");
        Path data = Path.of("target", "it-data", name + "-secrets-" + System.nanoTime());
        String refusal = new GatewayProcess(name + "-secrets", data, env).startExpectingRefusal();
        Matcher missing = MISSING.matcher(refusal);
        while (missing.find()) {
            env.putIfAbsent(missing.group(1), random());
        }
        // The encryption keys have a form of their own: <id>:<base64 of 32 bytes>, and the active one's id.
        env.put("GATEWAY_PII_KEYS", "it-1:" + Base64.getEncoder().encodeToString(bytes(32)));
        env.put("GATEWAY_PII_ACTIVE_KEY", "it-1");
        Matcher handlers = HANDLERS.matcher(refusal);
        if (handlers.find()) {
            for (String id : handlers.group(1).trim().split(",\\s*")) {
                env.put("GATEWAY_HANDLERS__" + id.replace('-', '_') + "__PASSWORD", random());
            }
        }
        return env;
    }

    private static String random() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(24));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
