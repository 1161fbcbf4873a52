package org.fengqiao.gateway.intake;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import org.fengqiao.gateway.problem.InvalidRequestException;

/** Parses a pushed JSON body; malformed input is a field violation on {@code $}, never a 500. */
public final class JsonPayloads {

    private JsonPayloads() {
    }

    public static JsonNode parseObject(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidRequestException("$", "the body is empty; a JSON object is expected");
        }
        JsonNode node;
        try {
            // Decimals exactly as sent: amounts are money, and as a double 1e400 would become infinity.
            node = json.reader()
                    .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                    .readTree(body);
        } catch (JsonProcessingException e) {
            // Only the position: Jackson's own message quotes the offending text.
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidRequestException("$", "is not well-formed JSON" + where);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRequestException("$", "must be a JSON object");
        }
        return node;
    }
}
