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
 * Tests speak to the source endpoints as the sources do: this RestAssured filter signs every
 * request to {@code /api/v1/sources/<path>/...} with that source's development credential (the
 * ones application.properties ships and the README publishes), unless the request already carries
 * credentials or the header {@code X-Test-Unsigned}. Installed for every test class by JUnit's
 * extension auto-detection.
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

    /** The development credential headers for a request to {@code path}; none outside the source endpoints. */
    public static Map<String, String> headersFor(String path, byte[] body) {
        Matcher m = SOURCE_PATH.matcher(path);
        if (!m.find()) {
            return Map.of();
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
        Matcher m = SOURCE_PATH.matcher(request.getURI());
        if (m.find() && !request.getHeaders().hasHeaderWithName(UNSIGNED)
                && !request.getHeaders().hasHeaderWithName(SourceAuthentication.SIGNATURE_HEADER)
                && !request.getHeaders().hasHeaderWithName(SourceAuthentication.API_KEY_HEADER)) {
            String path = m.group(1);
            if (API_KEYS.containsKey(path)) {
                request.header(SourceAuthentication.API_KEY_HEADER, API_KEYS.get(path));
            } else if (DEVELOPMENT.containsKey(path)) {
                byte[] body = bytesOf(request);
                request.body(body);
                String[] credential = DEVELOPMENT.get(path);
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
