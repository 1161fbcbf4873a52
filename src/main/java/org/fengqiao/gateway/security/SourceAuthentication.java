package org.fengqiao.gateway.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.quarkus.runtime.configuration.ConfigUtils;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.fengqiao.gateway.problem.ForbiddenException;
import org.fengqiao.gateway.problem.UnauthorizedException;

/**
 * Authenticates a source system on its own endpoints, before its payload is read. HMAC mode:
 * headers {@code X-Fq-Source}, {@code X-Fq-Timestamp} (epoch seconds), {@code X-Fq-Nonce} (unique
 * per request) and {@code X-Fq-Signature} = hex(HMAC-SHA256(secret, timestamp + "\n" + nonce + "\n"
 * + body)); a timestamp outside the replay window, or a nonce already seen within it, is refused.
 * (A source sending the same record twice signs twice, with two nonces: that is a duplicate the
 * intake answers with 200, not a replay.) API-key mode: {@code X-Api-Key}. A valid credential
 * of another source gets 403: a source posts only to its own endpoints.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // so the production check runs at start, not at the first request
@Named("sourceAuthentication")
public class SourceAuthentication implements Processor {

    public static final String SOURCES_PATH = "/api/v1/sources/";
    public static final String SOURCE_HEADER = "X-Fq-Source";
    public static final String TIMESTAMP_HEADER = "X-Fq-Timestamp";
    public static final String NONCE_HEADER = "X-Fq-Nonce";
    public static final String SIGNATURE_HEADER = "X-Fq-Signature";
    public static final String API_KEY_HEADER = "X-Api-Key";
    static final String DEVELOPMENT_INDEX_KEY = "fengqiao-dev-index-key-change-me";

    @Inject
    SourceSecurityConfig config;

    /**
     * Nonces seen within the replay window (per instance), each as 64 bits of a hash of source and
     * nonce ({@link #nonceKey}) rather than as the string, in sets of primitive longs per slice of time.
     */
    private SeenNonces seen;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "gateway.pii.index-key")
    String indexKey;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "gateway.broker.url")
    java.util.Optional<String> brokerUrl;
    @Inject
    org.fengqiao.gateway.broker.BrokerSecurity brokerSecurity;
    @Inject
    HandlerCredentials handlerCredentials;

    @PostConstruct
    void rememberNoncesForTheReplayWindow() {
        seen = new SeenNonces(config.replayWindow());
    }

    @PostConstruct
    void refuseDevelopmentCredentialsInProduction() {
        if (!ConfigUtils.isProfileActive("production")) {
            return;
        }
        var development = new java.util.ArrayList<>(config.sources().entrySet().stream()
                .filter(e -> e.getValue().development()).map(Map.Entry::getKey).toList());
        if (DEVELOPMENT_INDEX_KEY.equals(indexKey)) {
            development.add("gateway.pii.index-key");
        }
        if (handlerCredentials.usesDevelopmentPasswords() || brokerSecurity.usesDevelopmentPasswords()) {
            development.add("staff and broker passwords (gateway.handlers.\"<id>\".password, gateway.operator.password,"
                    + " gateway.broker.password)");
        }
        if (!development.isEmpty()) {
            throw new IllegalStateException("production profile: the development credentials of " + development
                    + " are still configured; set gateway.security.sources.<SOURCE>.secret (and development=false)");
        }
    }

    @Inject
    org.fengqiao.gateway.problem.ProblemResponses problems;

    /**
     * Runs before every REST route. A refusal is answered here and the route stopped: the error
     * policy's handlers do not cover route interceptors.
     */
    @Override
    public void process(Exchange exchange) throws Exception {
        try {
            check(exchange);
        } catch (UnauthorizedException | ForbiddenException refused) {
            problems.answer(exchange, refused);
            exchange.setRouteStop(true);
        }
    }

    @Inject
    StaffAuthentication staff;

    private void check(Exchange exchange) {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        if (StaffAuthentication.isStaffPath(path)) {
            staff.check(exchange);
            return;
        }
        if (path == null || !path.startsWith(SOURCES_PATH)) {
            return; // public: schemas, the jurisdiction resolver
        }
        String segment = path.substring(SOURCES_PATH.length()).split("/", 2)[0];
        String owner = null;
        for (var entry : config.sources().entrySet()) {
            if (entry.getValue().path().equals(segment)) {
                owner = entry.getKey();
            }
        }
        if (owner == null) {
            throw new UnauthorizedException("no credential is configured for this endpoint");
        }
        String caller = authenticate(exchange);
        if (!caller.equals(owner)) {
            throw new ForbiddenException("source " + caller + " may post only to its own endpoints");
        }
        exchange.getMessage().setHeader("gatewaySource", caller);
    }

    private String authenticate(Exchange exchange) {
        var message = exchange.getMessage();
        String apiKey = message.getHeader(API_KEY_HEADER, String.class);
        if (apiKey != null) {
            for (var entry : config.sources().entrySet()) {
                if ("api-key".equals(entry.getValue().mode()) && same(apiKey, entry.getValue().secret())) {
                    return entry.getKey();
                }
            }
            throw new UnauthorizedException("unknown API key");
        }
        String source = message.getHeader(SOURCE_HEADER, String.class);
        String timestamp = message.getHeader(TIMESTAMP_HEADER, String.class);
        String nonce = message.getHeader(NONCE_HEADER, String.class);
        String signature = message.getHeader(SIGNATURE_HEADER, String.class);
        if (source == null || timestamp == null || nonce == null || signature == null) {
            throw new UnauthorizedException("unsigned request: " + SOURCE_HEADER + ", " + TIMESTAMP_HEADER + ", "
                    + NONCE_HEADER + " and " + SIGNATURE_HEADER + " (or " + API_KEY_HEADER + ") are required");
        }
        if (nonce.length() < 8 || nonce.length() > 100) {
            throw new UnauthorizedException(NONCE_HEADER + " must be 8 to 100 characters");
        }
        var credential = config.sources().get(source);
        if (credential == null || !"hmac".equals(credential.mode())) {
            throw new UnauthorizedException("unknown source " + source);
        }
        Instant at;
        try {
            at = Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
        } catch (NumberFormatException e) {
            throw new UnauthorizedException(TIMESTAMP_HEADER + " must be epoch seconds");
        }
        // Wall-clock time: a source's timestamp is compared with real time, whatever the business clock says.
        Instant now = Instant.now();
        Duration window = config.replayWindow();
        if (Duration.between(at, now).abs().compareTo(window) > 0) {
            throw new UnauthorizedException("the request's timestamp is outside the " + window + " window");
        }
        byte[] body = message.getBody(byte[].class);
        // Kept as the body: the steps after read these bytes instead of the stream again.
        message.setBody(body);
        String expected = sign(credential.secret(), timestamp.trim(), nonce, body == null ? new byte[0] : body);
        if (!same(expected, signature.trim().toLowerCase())) {
            throw new UnauthorizedException("the signature does not match");
        }
        if (!seen.firstTime(nonceKey(source, nonce), at.plus(window), now)) {
            throw new UnauthorizedException("the request was already received (replay)");
        }
        return source;
    }

    /**
     * The first 64 bits of SHA-256 over source and nonce (SeenNonces keeps 63 of them). Two different
     * nonces of one window share a key by chance with odds of about one in two billion at 100,000
     * nonces; the cost of that would be one request refused as a replay, which its source sends again
     * with a new nonce.
     */
    static long nonceKey(String source, String nonce) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((source + "\n" + nonce).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** hex(HMAC-SHA256(secret, timestamp + "\n" + nonce + "\n" + body)): what a source computes to sign. */
    public static String sign(String secret, String timestamp, String nonce, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean same(String a, String b) {
        // Constant time: the comparison must not tell how many characters matched.
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
