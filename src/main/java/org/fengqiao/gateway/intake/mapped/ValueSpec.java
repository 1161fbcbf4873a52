package org.fengqiao.gateway.intake.mapped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.Text;

/**
 * One value of the mapping language: where it comes from in the native payload (a JSON Pointer) or a
 * fixed value, optionally translated through a value map, with a default for when the payload has
 * nothing there. Dates add a format (see {@link DateFormat}).
 */
final class ValueSpec {

    private final JsonPointer pointer;
    private final String constant;
    private final Map<String, String> map;
    private final String fallback;
    private final DateFormat format;

    private ValueSpec(JsonPointer pointer, String constant, Map<String, String> map, String fallback,
            DateFormat format) {
        this.pointer = pointer;
        this.constant = constant;
        this.map = map;
        this.fallback = fallback;
        this.format = format;
    }

    /** Reads a value written as {@code /pointer}, {@code fixed text}, or {@code {pointer|value, map, default, format}}. */
    static ValueSpec read(DefinitionReader in, String path, JsonNode node, boolean dateField) {
        if (node.isTextual()) {
            String text = node.asText();
            return text.startsWith("/") ? new ValueSpec(pointer(in, path, text), null, null, null,
                    dateField ? DateFormat.ISO_OFFSET : null)
                    : new ValueSpec(null, text, null, null, null);
        }
        if (node.isNumber() || node.isBoolean()) {
            return new ValueSpec(null, node.asText(), null, null, null);
        }
        if (!node.isObject()) {
            throw in.error(path, "must be a JSON Pointer (/field), a fixed value, or {pointer, map, default"
                    + (dateField ? ", format" : "") + "}");
        }
        in.allowKeys(path, node, dateField ? List.of("pointer", "value", "map", "default", "format")
                : List.of("pointer", "value", "map", "default"));
        JsonNode pointerNode = node.get("pointer");
        JsonNode valueNode = node.get("value");
        if ((pointerNode == null) == (valueNode == null)) {
            throw in.error(path, "needs exactly one of 'pointer' and 'value'");
        }
        JsonPointer pointer = null;
        String constant = null;
        if (pointerNode != null) {
            if (!pointerNode.isTextual() || !pointerNode.asText().startsWith("/")) {
                throw in.error(path + ".pointer", "must be a JSON Pointer starting with /");
            }
            pointer = pointer(in, path + ".pointer", pointerNode.asText());
        } else {
            constant = scalar(in, path + ".value", valueNode);
        }
        Map<String, String> map = null;
        JsonNode mapNode = node.get("map");
        if (mapNode != null) {
            if (!mapNode.isObject() || mapNode.isEmpty()) {
                throw in.error(path + ".map", "must map native values to canonical ones (native: CANONICAL)");
            }
            map = new LinkedHashMap<>();
            for (var entry : mapNode.properties()) {
                map.put(entry.getKey(), scalar(in, path + ".map." + entry.getKey(), entry.getValue()));
            }
        }
        String fallback = node.has("default") ? scalar(in, path + ".default", node.get("default")) : null;
        DateFormat format = null;
        if (dateField) {
            JsonNode formatNode = node.get("format");
            format = formatNode == null ? DateFormat.ISO_OFFSET
                    : DateFormat.of(formatNode.isTextual() ? formatNode.asText() : null,
                            problem -> in.error(path + ".format", problem));
        }
        return new ValueSpec(pointer, constant, map, fallback, format);
    }

    private static JsonPointer pointer(DefinitionReader in, String path, String text) {
        try {
            return JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            throw in.error(path, "is not a valid JSON Pointer");
        }
    }

    private static String scalar(DefinitionReader in, String path, JsonNode node) {
        if (node == null || !(node.isTextual() || node.isNumber() || node.isBoolean())) {
            throw in.error(path, "must be a text, a number or true/false");
        }
        return node.asText();
    }

    boolean isConstant() {
        return pointer == null;
    }

    JsonPointer pointer() {
        return pointer;
    }

    DateFormat format() {
        return format;
    }

    String constant() {
        return constant;
    }

    Map<String, String> map() {
        return map;
    }

    String fallback() {
        return fallback;
    }

    /** Every value this spec can produce without reading the payload: the fixed value, the map's, the default. */
    List<String> possibleValues() {
        List<String> out = new ArrayList<>();
        if (constant != null) {
            out.add(constant);
        }
        if (map != null) {
            out.addAll(map.values());
        }
        if (fallback != null) {
            out.add(fallback);
        }
        return out;
    }

    /** The native node this spec points at inside {@code base}, or null for a fixed value or when absent. */
    JsonNode nativeNode(JsonNode base) {
        if (pointer == null) {
            return null;
        }
        JsonNode node = base.at(pointer);
        return node.isMissingNode() || node.isNull() ? null : node;
    }

    /**
     * The value as text: the fixed value, or the native scalar (blank is absent) translated through the
     * map; the default when absent. A native object or list, or a value the map does not know, is a
     * violation on {@code field}.
     */
    String text(JsonNode base, String field, List<FieldViolation> violations) {
        if (pointer == null) {
            return constant;
        }
        JsonNode node = nativeNode(base);
        String raw = null;
        if (node != null) {
            if (node.isContainerNode()) {
                violations.add(new FieldViolation(field, new Text("violation.type-single")));
                return null;
            }
            raw = node.asText().strip();
            if (raw.isEmpty()) {
                raw = null;
            }
        }
        if (raw == null) {
            return fallback;
        }
        if (map == null) {
            return raw;
        }
        String mapped = map.get(raw);
        if (mapped == null) {
            violations.add(new FieldViolation(field, new Text("violation.one-of", map.keySet())));
        }
        return mapped;
    }
}
