package org.fengqiao.gateway.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.Text;

/**
 * Parses a pushed JSON body; malformed input is a field violation on {@code $}, never a 500. Stricter
 * than a default parser: no payload of any source nests deeper than a few levels, so 32 is plenty and
 * a 10,000-level document stops early; a key given twice is refused (two parsers could disagree on
 * which value counts); every text passes {@link TextScreen}.
 */
public final class JsonPayloads {

    public static final int MAX_NESTING_DEPTH = 32;
    public static final int MAX_NUMBER_LENGTH = 64;
    public static final int MAX_STRING_LENGTH = 256 * 1024;

    private static final ObjectReader READER = reader(MAX_STRING_LENGTH);
    /** Readers for sources that send files inline, by their longest text; a handful at most. */
    private static final java.util.Map<Integer, ObjectReader> LONGER = new java.util.concurrent.ConcurrentHashMap<>();

    private static ObjectReader reader(int maxStringLength) {
        return new ObjectMapper(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .maxStringLength(maxStringLength)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .reader()
            // Decimals exactly as sent: amounts are money, and as a double 1e400 would become infinity.
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    }

    private JsonPayloads() {
    }

    /** The body as a JSON object; the mapper is the caller's, kept for binding, not for reading. */
    public static JsonNode parseObject(ObjectMapper json, String body) {
        return parseObject(body);
    }

    public static JsonNode parseObject(String body) {
        return parseObject(body, MAX_STRING_LENGTH);
    }

    /**
     * {@link #parseObject(String)} for a source that sends files inline, in base64: its texts may be as
     * long as its largest file needs ({@code maxStringLength}, never less than {@link #MAX_STRING_LENGTH}).
     */
    public static JsonNode parseObject(String body, int maxStringLength) {
        int longest = Math.max(MAX_STRING_LENGTH, maxStringLength);
        ObjectReader reader = longest == MAX_STRING_LENGTH ? READER : LONGER.computeIfAbsent(longest,
                JsonPayloads::reader);
        if (body == null || body.isBlank()) {
            throw new InvalidRequestException("$", new Text("payload.json-empty"));
        }
        JsonNode node;
        try {
            node = reader.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new InvalidRequestException("$", new Text("payload.json-limits", MAX_NESTING_DEPTH,
                    MAX_NUMBER_LENGTH, longest));
        } catch (JsonProcessingException e) {
            // Only the position: Jackson's own message quotes the offending text.
            JsonLocation at = e.getLocation();
            String what = String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")
                    ? "payload.json-duplicate-key" : "payload.json-malformed";
            throw new InvalidRequestException("$", at == null ? new Text(what)
                    : new Text(what + "-at", at.getLineNr(), at.getColumnNr()));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRequestException("$", new Text("payload.json-object"));
        }
        TextScreen.check(node);
        return node;
    }
}
