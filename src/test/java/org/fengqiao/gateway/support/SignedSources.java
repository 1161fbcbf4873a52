package org.fengqiao.gateway.support;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import org.fengqiao.gateway.security.SourceAuthentication;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Tests speak to the gateway as its users do: this RestAssured filter signs every request to
 * {@code /api/v1/sources/<path>/...} with that source's development credential, and signs staff in
 * (HTTP Basic, development passwords) on the other API paths: as the handler named by an
 * {@code X-Handler-Id} test header, the inbox's handler, the event's handler, the operator for
 * dead letters and re-encryption, else the city's centre ({@code 3306-CENTRE}, which reads every
 * dispute, masked). Requests that carry credentials or {@code X-Test-Unsigned} are left alone.
 * Installed for every test class by JUnit's extension auto-detection.
 */
public class SignedSources implements Filter, BeforeAllCallback {

    public static final String UNSIGNED = "X-Test-Unsigned";
    static final Map<String, String[]> DEVELOPMENT = Map.of(
            "hotline", new String[] { "HOTLINE_12345", "dev-hotline-secret" },
            "petition", new String[] { "PETITION", "dev-petition-secret" },
            "court", new String[] { "COURT_MEDIATION", "dev-court-secret" });
    static final Map<String, String> API_KEYS = Map.of("grid-worker", "dev-grid-worker-api-key");
    private static final Pattern SOURCE_PATH = Pattern.compile("/api/v1/sources/([^/?]+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile boolean installed;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // Quarkus tests run in their own class loader, with their own RestAssured: install there.
        ClassLoader loader = context.getRequiredTestClass().getClassLoader();
        Class.forName(SignedSources.class.getName(), true, loader).getMethod("install").invoke(null);
    }

    public static synchronized void install() {
        if (!installed) {
            RestAssured.filters(new SignedSources());
            installed = true;
        }
    }

    private static final Pattern INBOX_PATH = Pattern.compile("/api/v1/handlers/([^/?]+)/items");

    /** Who tests sign in as on a staff path (see the class comment). */
    public static String staffUserFor(String path, byte[] body, String handlerHeader) {
        if (handlerHeader != null) {
            return handlerHeader;
        }
        Matcher inbox = INBOX_PATH.matcher(path);
        if (inbox.find()) {
            return inbox.group(1);
        }
        if (path.contains("/api/v1/feedback/") || path.contains("/api/v1/ledger/")) {
            return "operator";
        }
        if (path.endsWith("/events")) {
            try {
                String handler = JSON.readTree(body).path("handlerId").asText(null);
                // A malformed handler id cannot sign in: any township does, and the gateway answers the body.
                if (handler != null && handler.matches("[0-9]{9}|[0-9]{4,6}-[A-Z]+(-[A-Z]+)*")) {
                    return handler;
                }
            } catch (Exception e) {
                // not JSON: any signed-in handler; the gateway answers the body
            }
            return "330681104";
        }
        return "3306-CENTRE";
    }

    public static String basic(String user) {
        String password = "operator".equals(user) ? "dev-operator" : "dev-" + user;
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The development credential headers for a request to {@code path} (source signature or staff sign-in). */
    public static Map<String, String> headersFor(String path, byte[] body) {
        Matcher m = SOURCE_PATH.matcher(path);
        if (!m.find()) {
            return path.startsWith("/api/v1/") && !path.startsWith("/api/v1/schemas/")
                    && !path.startsWith("/api/v1/jurisdiction/")
                    ? Map.of("Authorization", basic(staffUserFor(path, body, null))) : Map.of();
        }
        if (API_KEYS.containsKey(m.group(1))) {
            return Map.of(SourceAuthentication.API_KEY_HEADER, API_KEYS.get(m.group(1)));
        }
        String[] credential = DEVELOPMENT.get(m.group(1));
        return credential == null ? Map.of() : headers(credential[0], credential[1], body, Instant.now());
    }

    /** The headers a source sends with a signed body. */
    public static Map<String, String> headers(String source, String secret, byte[] body, Instant at) {
        String timestamp = String.valueOf(at.getEpochSecond());
        String nonce = java.util.UUID.randomUUID().toString();
        return Map.of(SourceAuthentication.SOURCE_HEADER, source, SourceAuthentication.TIMESTAMP_HEADER, timestamp,
                SourceAuthentication.NONCE_HEADER, nonce,
                SourceAuthentication.SIGNATURE_HEADER, SourceAuthentication.sign(secret, timestamp, nonce, body));
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        if (request.getHeaders().hasHeaderWithName(UNSIGNED)) {
            return context.next(request, response);
        }
        String path = java.net.URI.create(request.getURI()).getPath();
        if (path.startsWith("/api/v1/") && !path.startsWith("/api/v1/sources/") && !path.startsWith("/api/v1/schemas/")
                && !path.startsWith("/api/v1/jurisdiction/") && !request.getHeaders().hasHeaderWithName("Authorization")) {
            String handler = request.getHeaders().hasHeaderWithName("X-Handler-Id")
                    ? request.getHeaders().getValue("X-Handler-Id") : null;
            byte[] body = path.endsWith("/events") ? bytesOf(request) : new byte[0];
            if (path.endsWith("/events")) {
                request.body(body);
            }
            request.header("Authorization", basic(staffUserFor(path, body, handler)));
            return context.next(request, response);
        }
        Matcher m = SOURCE_PATH.matcher(request.getURI());
        if (m.find()
                && !request.getHeaders().hasHeaderWithName(SourceAuthentication.SIGNATURE_HEADER)
                && !request.getHeaders().hasHeaderWithName(SourceAuthentication.API_KEY_HEADER)) {
            String source = m.group(1);
            if (API_KEYS.containsKey(source)) {
                request.header(SourceAuthentication.API_KEY_HEADER, API_KEYS.get(source));
            } else if (DEVELOPMENT.containsKey(source)) {
                byte[] body = bytesOf(request);
                request.body(body);
                String[] credential = DEVELOPMENT.get(source);
                headers(credential[0], credential[1], body, Instant.now()).forEach(request::header);
            }
        }
        return context.next(request, response);
    }

    /** The exact bytes that will go on the wire, so the signature covers what is sent. */
    private static byte[] bytesOf(FilterableRequestSpecification request) {
        Object body = request.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof String text) {
            return text.getBytes(charsetOf(request.getContentType()));
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // RestAssured's own defaults: the declared charset, UTF-8 for JSON, ISO-8859-1 otherwise.
    private static Charset charsetOf(String contentType) {
        if (contentType == null) {
            return StandardCharsets.ISO_8859_1;
        }
        Matcher charset = Pattern.compile("charset=([^;\\s]+)", Pattern.CASE_INSENSITIVE).matcher(contentType);
        if (charset.find()) {
            return Charset.forName(charset.group(1));
        }
        return contentType.contains("json") ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    }
}
