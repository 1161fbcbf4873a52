package org.fengqiao.gateway.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.ForbiddenException;
import org.fengqiao.gateway.problem.RefusalReason;
import org.fengqiao.gateway.problem.Text;
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
@Named("sourceAuthentication")
public class SourceAuthentication implements Processor {

    public static final String SOURCES_PATH = "/api/v1/sources/";
    public static final String SOURCE_HEADER = "X-Fq-Source";
    public static final String TIMESTAMP_HEADER = "X-Fq-Timestamp";
    public static final String NONCE_HEADER = "X-Fq-Nonce";
    public static final String SIGNATURE_HEADER = "X-Fq-Signature";
    public static final String API_KEY_HEADER = "X-Api-Key";
    static final int MAX_SOURCE_LENGTH = 64;
    /** Epoch seconds have 10 digits until the year 2286; a long has 19. */
    static final int MAX_TIMESTAMP_LENGTH = 20;
    static final int MIN_NONCE_LENGTH = 8;
    static final int MAX_NONCE_LENGTH = 100;
    /** Hex of the 32 bytes of HMAC-SHA256. */
    static final int SIGNATURE_LENGTH = 64;
    static final int MAX_API_KEY_LENGTH = 256;

    @Inject
    SourceSecurityConfig config;

    /**
     * This instance's memory of the nonces seen within the replay window, in front of the ledger's
     * (which decides), each as 64 bits of a hash of source and nonce ({@link #nonceKey}) rather than
     * as the string, in sets of primitive longs per slice of time.
     */
    private SeenNonces seen;

    @PostConstruct
    void rememberNoncesForTheReplayWindow() {
        seen = new SeenNonces(config.replayWindow());
    }

    @Inject
    org.fengqiao.gateway.problem.ProblemResponses problems;

    @Inject
    SeenNonceStore ledgerNonces;
    @Inject
    StaffAuthentication staff;

    /**
     * Runs before every REST route. A refusal is answered here and the route stopped: the error
     * policy's handlers do not cover route interceptors, so a failure here is answered here as well
     * (else platform-http answers a bare 500 carrying the request's headers).
     */
    @Override
    public void process(Exchange exchange) throws Exception {
        try {
            check(exchange);
        } catch (UnauthorizedException | ForbiddenException refused) {
            problems.answer(exchange, refused);
            exchange.setRouteStop(true);
        } catch (Exception failure) {
            problems.answerFailure(exchange, failure);
            exchange.setRouteStop(true);
        }
    }

    private void check(Exchange exchange) throws SQLException {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        if (StaffAuthentication.isStaffPath(path)) {
            exchange.setProperty(Refusals.SOURCE_PROPERTY, Refusals.STAFF);
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
            throw new UnauthorizedException(RefusalReason.NOT_CONFIGURED, new Text("auth.not-configured"));
        }
        exchange.setProperty(Refusals.SOURCE_PROPERTY, owner);
        String caller = authenticate(exchange);
        if (!caller.equals(owner)) {
            throw new ForbiddenException(new Text("auth.other-source", caller));
        }
        var message = exchange.getMessage();
        // The credentials go no further than here (platform-http would copy them into the answer).
        for (String header : List.of(SOURCE_HEADER, TIMESTAMP_HEADER, NONCE_HEADER, SIGNATURE_HEADER, API_KEY_HEADER)) {
            message.removeHeader(header);
        }
        message.setHeader("gatewaySource", caller);
    }

    private String authenticate(Exchange exchange) throws SQLException {
        var message = exchange.getMessage();
        String apiKey = credentialHeader(message, API_KEY_HEADER, MAX_API_KEY_LENGTH);
        if (apiKey != null && apiKey.isBlank()) {
            throw new UnauthorizedException(RefusalReason.MISSING, new Text("auth.header-empty", API_KEY_HEADER),
                    List.of(new FieldViolation(API_KEY_HEADER, new Text("violation.header-empty"))));
        }
        if (apiKey != null) {
            for (var entry : config.sources().entrySet()) {
                if ("api-key".equals(entry.getValue().mode()) && same(apiKey, entry.getValue().secret())) {
                    return entry.getKey();
                }
            }
            throw new UnauthorizedException(RefusalReason.UNKNOWN_CREDENTIAL, new Text("auth.unknown-api-key"));
        }
        String source = credentialHeader(message, SOURCE_HEADER, MAX_SOURCE_LENGTH);
        String timestamp = credentialHeader(message, TIMESTAMP_HEADER, MAX_TIMESTAMP_LENGTH);
        String nonce = credentialHeader(message, NONCE_HEADER, MAX_NONCE_LENGTH);
        String signature = credentialHeader(message, SIGNATURE_HEADER, SIGNATURE_LENGTH);
        requireSignatureHeaders(source, timestamp, nonce, signature);
        if (nonce.length() < MIN_NONCE_LENGTH || !nonce.chars().allMatch(c -> c > ' ')) {
            throw new UnauthorizedException(RefusalReason.MALFORMED,
                    new Text("auth.nonce-format", NONCE_HEADER, MIN_NONCE_LENGTH, MAX_NONCE_LENGTH));
        }
        if (signature.length() != SIGNATURE_LENGTH || !signature.chars().allMatch(HexFormat::isHexDigit)) {
            throw new UnauthorizedException(RefusalReason.MALFORMED,
                    new Text("auth.signature-format", SIGNATURE_HEADER, SIGNATURE_LENGTH));
        }
        if (!timestamp.chars().allMatch(c -> c >= '0' && c <= '9') || timestamp.isEmpty()) {
            throw new UnauthorizedException(RefusalReason.MALFORMED,
                    new Text("auth.timestamp-format", TIMESTAMP_HEADER));
        }
        var credential = config.sources().get(source);
        if (credential == null || !"hmac".equals(credential.mode())) {
            throw new UnauthorizedException(RefusalReason.UNKNOWN_CREDENTIAL, new Text("auth.unknown-source"));
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new UnauthorizedException(RefusalReason.MALFORMED,
                    new Text("auth.timestamp-format", TIMESTAMP_HEADER));
        }
        // Wall-clock time: a source's timestamp is compared with real time, whatever the business clock says.
        Instant now = Instant.now();
        Duration window = config.replayWindow();
        // In whole seconds first (both are at least zero: no overflow), so that an absurd value never
        // becomes an Instant (which throws beyond the year 1,000,000,000).
        if (Math.abs(seconds - now.getEpochSecond()) > window.toSeconds() + 1
                || Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(window) > 0) {
            throw new UnauthorizedException(RefusalReason.EXPIRED, new Text("auth.expired", window));
        }
        Instant at = Instant.ofEpochSecond(seconds);
        byte[] body = message.getBody(byte[].class);
        // Kept as the body: the steps after read these bytes instead of the stream again.
        message.setBody(body);
        String expected = sign(credential.secret(), timestamp, nonce, body == null ? new byte[0] : body);
        if (!same(expected, signature.toLowerCase(Locale.ROOT))) {
            throw new UnauthorizedException(RefusalReason.BAD_SIGNATURE, new Text("auth.bad-signature"));
        }
        if (!firstTime(source, nonce, at.plus(window), now)) {
            throw new UnauthorizedException(RefusalReason.REPLAY, new Text("auth.replay"));
        }
        return source;
    }

    /**
     * A signed request carries all four signature headers, none of them empty. The answer names each
     * header that is missing or empty (in its detail, and as a field of its errors) rather than only
     * saying the request is unsigned: the source's developer sees at once which one their client drops.
     */
    private static void requireSignatureHeaders(String source, String timestamp, String nonce, String signature) {
        Map<String, String> given = new java.util.LinkedHashMap<>();
        given.put(SOURCE_HEADER, source);
        given.put(TIMESTAMP_HEADER, timestamp);
        given.put(NONCE_HEADER, nonce);
        given.put(SIGNATURE_HEADER, signature);
        if (given.values().stream().allMatch(java.util.Objects::isNull)) {
            throw new UnauthorizedException(RefusalReason.MISSING, new Text("auth.unsigned", SOURCE_HEADER,
                    TIMESTAMP_HEADER, NONCE_HEADER, SIGNATURE_HEADER, API_KEY_HEADER),
                    given.keySet().stream().map(h -> new FieldViolation(h, new Text("violation.header-missing")))
                            .toList());
        }
        List<FieldViolation> violations = new java.util.ArrayList<>();
        given.forEach((header, value) -> {
            if (value == null) {
                violations.add(new FieldViolation(header, new Text("violation.header-missing")));
            } else if (value.isBlank()) {
                violations.add(new FieldViolation(header, new Text("violation.header-empty")));
            }
        });
        if (violations.size() == 1) {
            FieldViolation only = violations.get(0);
            throw new UnauthorizedException(RefusalReason.MISSING, new Text(
                    given.get(only.field()) == null ? "auth.header-missing" : "auth.header-empty", only.field()),
                    violations);
        }
        if (!violations.isEmpty()) {
            throw new UnauthorizedException(RefusalReason.MISSING, new Text("auth.headers-incomplete",
                    String.join(", ", violations.stream().map(FieldViolation::field).toList())), violations);
        }
    }

    /**
     * Whether a nonce is new: refused at once if this instance has seen it (no ledger work for a replay
     * flood), else the ledger decides, for this instance and every other on it, across restarts.
     */
    private boolean firstTime(String source, String nonce, Instant until, Instant now) throws SQLException {
        long key = nonceKey(source, nonce);
        if (!seen.firstTime(key, until, now)) {
            return false;
        }
        try {
            return ledgerNonces.firstTime(source, key, until, now);
        } catch (SQLException | RuntimeException e) {
            seen.forget(key, until); // not recorded: the source's retry with the same nonce is not a replay
            throw e;
        }
    }

    /**
     * The one value of a credential header, or null when there is none. Refused when given more than
     * once, longer than {@code maxLength} or not printable ASCII (what HTTP header values are meant to
     * be; a byte above 0x7F arrives as a Latin-1 character): checked before any use of the value.
     */
    static String credentialHeader(org.apache.camel.Message message, String name, int maxLength) {
        Object value = message.getHeader(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new UnauthorizedException(RefusalReason.MALFORMED, new Text("auth.header-twice", name));
        }
        if (text.length() > maxLength) {
            throw new UnauthorizedException(RefusalReason.MALFORMED, new Text("auth.header-long", name, maxLength));
        }
        if (!text.chars().allMatch(c -> c >= ' ' && c < 0x7f)) {
            throw new UnauthorizedException(RefusalReason.MALFORMED, new Text("auth.header-ascii", name));
        }
        return text;
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
