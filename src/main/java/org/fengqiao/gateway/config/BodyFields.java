package org.fengqiao.gateway.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * The body of a call to a source as a route file declares it: one {@code name: template} a line, each
 * template a Camel simple expression; a name ending in {@code ?} is left out when its value is empty.
 * The feedback template's {@code body} and the {@link JsonBodyLanguage} (a polled source's receipt)
 * are written this way. The values go into a map that a JSON (or XML) writer escapes, never into
 * text pasted together, so a quote or a line break in a value cannot change the body's shape.
 */
public final class BodyFields {

    private BodyFields() {
    }

    /**
     * The fields in their order: name (with its {@code ?}) to template.
     *
     * @param where how a mistake names the declaration, e.g. {@code "feedback declaration X-ACK: "}
     * @throws IllegalArgumentException on a line that is not {@code name: template}
     */
    public static Map<String, String> parse(String lines, String where) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : lines.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException(where + "a body line is 'name: template', not: " + line.trim());
            }
            fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        return fields;
    }

    /** The body's values for one exchange, in the fields' order, without the empty optional ones. */
    public static Map<String, Object> evaluate(Map<String, String> fields, CamelContext camel, Exchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        fields.forEach((name, template) -> {
            Object value = camel.resolveLanguage("simple").createExpression(template).evaluate(exchange, Object.class);
            if (name.endsWith("?")) {
                if (value != null && !value.toString().isEmpty()) {
                    body.put(name.substring(0, name.length() - 1), value);
                }
            } else {
                body.put(name, value);
            }
        });
        return body;
    }
}
