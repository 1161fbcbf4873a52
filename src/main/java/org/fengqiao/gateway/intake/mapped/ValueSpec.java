package org.fengqiao.gateway.intake.mapped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.Text;

/**
 * One value of the mapping language: where it comes from in the native payload, optionally kept only
 * when it matches a pattern, translated through a value map, with a default for when the payload has
 * nothing there. It comes from a JSON Pointer (a {@code *} step reads every element of a list and
 * takes the first that has a value), a fixed value, a template of several pointers, the first of
 * several values that has one, or the number of elements of a list. Dates add a format (see
 * {@link DateFormat}) and may default to a number of days after another canonical date.
 */
final class ValueSpec {

    private static final String ANY = "*";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(/[^{}]*)}");
    private static final List<String> SOURCES = List.of("pointer", "value", "template", "first", "count");

    /** A date that defaults to {@code days} after the canonical date field {@code field}. */
    record After(String field, int days) {
    }

    private enum Kind { POINTER, CONSTANT, TEMPLATE, FIRST, COUNT }

    private final Kind kind;
    private final JsonPointer pointer;
    private final String constant;
    private final List<String> templateParts; // literal, pointer, literal, pointer, ..., literal
    private final List<JsonPointer> templatePointers;
    private final List<ValueSpec> first;
    private final Pattern match;
    private final Map<String, String> map;
    private final String fallback;
    private final After after;
    private final DateFormat format;

    private ValueSpec(Kind kind, JsonPointer pointer, String constant, List<String> templateParts,
            List<JsonPointer> templatePointers, List<ValueSpec> first, Pattern match, Map<String, String> map,
            String fallback, After after, DateFormat format) {
        this.kind = kind;
        this.pointer = pointer;
        this.constant = constant;
        this.templateParts = templateParts;
        this.templatePointers = templatePointers;
        this.first = first;
        this.match = match;
        this.map = map;
        this.fallback = fallback;
        this.after = after;
        this.format = format;
    }

    private static ValueSpec ofPointer(JsonPointer pointer, DateFormat format) {
        return new ValueSpec(Kind.POINTER, pointer, null, null, null, null, null, null, null, null, format);
    }

    private static ValueSpec ofConstant(String constant) {
        return new ValueSpec(Kind.CONSTANT, null, constant, null, null, null, null, null, null, null, null);
    }

    /**
     * Reads a value written as {@code /pointer}, {@code fixed text}, or
     * {@code {pointer|value|template|first|count, match, map, default, format}}.
     */
    static ValueSpec read(DefinitionReader in, String path, JsonNode node, boolean dateField) {
        if (node.isTextual()) {
            String text = node.asText();
            return text.startsWith("/") ? ofPointer(pointer(in, path, text), dateField ? DateFormat.ISO_OFFSET : null)
                    : ofConstant(text);
        }
        if (node.isNumber() || node.isBoolean()) {
            return ofConstant(node.asText());
        }
        String shape = "a JSON Pointer (/field), a fixed value, or {" + String.join(" | ", SOURCES)
                + ", match, map, default" + (dateField ? ", format" : "") + "}";
        if (!node.isObject()) {
            throw in.error(path, "must be " + shape);
        }
        List<String> keys = new ArrayList<>(SOURCES);
        keys.addAll(List.of("match", "map", "default"));
        if (dateField) {
            keys.add("format");
        }
        in.allowKeys(path, node, keys);
        List<String> given = SOURCES.stream().filter(node::has).toList();
        if (given.size() != 1) {
            throw in.error(path, "needs exactly one of " + SOURCES);
        }
        String source = given.get(0);
        JsonNode sourceNode = node.get(source);
        Kind kind = Kind.POINTER;
        JsonPointer pointer = null;
        String constant = null;
        List<String> parts = null;
        List<JsonPointer> pointers = null;
        List<ValueSpec> first = null;
        switch (source) {
            case "pointer" -> {
                if (!sourceNode.isTextual() || !sourceNode.asText().startsWith("/")) {
                    throw in.error(path + ".pointer", "must be a JSON Pointer starting with /");
                }
                pointer = pointer(in, path + ".pointer", sourceNode.asText());
            }
            case "value" -> {
                kind = Kind.CONSTANT;
                constant = scalar(in, path + ".value", sourceNode);
            }
            case "template" -> {
                kind = Kind.TEMPLATE;
                if (!sourceNode.isTextual()) {
                    throw in.error(path + ".template", "must be a text with {/pointer} placeholders");
                }
                parts = new ArrayList<>();
                pointers = new ArrayList<>();
                Matcher m = PLACEHOLDER.matcher(sourceNode.asText());
                int end = 0;
                while (m.find()) {
                    parts.add(sourceNode.asText().substring(end, m.start()));
                    pointers.add(pointer(in, path + ".template", m.group(1)));
                    end = m.end();
                }
                parts.add(sourceNode.asText().substring(end));
                if (pointers.isEmpty()) {
                    throw in.error(path + ".template", "has no {/pointer} placeholder; write a fixed value instead");
                }
            }
            case "first" -> {
                kind = Kind.FIRST;
                if (!sourceNode.isArray() || sourceNode.isEmpty()) {
                    throw in.error(path + ".first", "must be a list of values; the first that gives one is taken");
                }
                first = new ArrayList<>();
                for (int i = 0; i < sourceNode.size(); i++) {
                    first.add(read(in, path + ".first[" + i + "]", sourceNode.get(i), false));
                }
            }
            default -> {
                kind = Kind.COUNT;
                if (!sourceNode.isTextual() || !sourceNode.asText().startsWith("/")) {
                    throw in.error(path + ".count", "must be a JSON Pointer to a list");
                }
                pointer = pointer(in, path + ".count", sourceNode.asText());
            }
        }
        Pattern match = null;
        if (node.has("match")) {
            try {
                match = Pattern.compile(scalar(in, path + ".match", node.get("match")));
            } catch (PatternSyntaxException e) {
                throw in.error(path + ".match", "is not a regular expression (" + e.getDescription() + ")");
            }
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
        String fallback = null;
        After after = null;
        JsonNode defaultNode = node.get("default");
        if (dateField && defaultNode != null && defaultNode.isObject()) {
            after = after(in, path + ".default", defaultNode);
        } else if (defaultNode != null) {
            fallback = scalar(in, path + ".default", defaultNode);
        }
        DateFormat format = null;
        if (dateField) {
            JsonNode formatNode = node.get("format");
            format = formatNode == null ? DateFormat.ISO_OFFSET
                    : DateFormat.of(formatNode.isTextual() ? formatNode.asText() : null,
                            problem -> in.error(path + ".format", problem));
        }
        return new ValueSpec(kind, pointer, constant, parts, pointers, first, match, map, fallback, after, format);
    }

    private static After after(DefinitionReader in, String path, JsonNode node) {
        in.allowKeys(path, node, List.of("after", "days"));
        JsonNode field = node.get("after");
        JsonNode days = node.get("days");
        if (field == null || !field.isTextual() || days == null || !days.canConvertToInt() || !days.isIntegralNumber()) {
            throw in.error(path, "must be {after: <canonical date field>, days: <whole number>}");
        }
        return new After(field.asText(), days.asInt());
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
        return kind == Kind.CONSTANT;
    }

    /** The pointer that names this value in answers: its own, or the first one it reads. */
    JsonPointer pointer() {
        return switch (kind) {
            case POINTER, COUNT -> pointer;
            case TEMPLATE -> templatePointers.get(0);
            case FIRST -> first.stream().map(ValueSpec::pointer).filter(p -> p != null).findFirst().orElse(null);
            case CONSTANT -> null;
        };
    }

    DateFormat format() {
        return format;
    }

    Map<String, String> map() {
        return map;
    }

    String fallback() {
        return fallback;
    }

    After after() {
        return after;
    }

    /** Every value this spec can produce without reading the payload: the fixed value, the map's, the default. */
    List<String> possibleValues() {
        List<String> out = new ArrayList<>();
        if (constant != null) {
            out.add(constant);
        }
        if (map != null) {
            out.addAll(map.values());
        } else if (first != null) {
            first.forEach(spec -> out.addAll(spec.possibleValues()));
        }
        if (fallback != null) {
            out.add(fallback);
        }
        return out;
    }

    /** The native node a plain pointer points at inside {@code base}, or null for anything else or when absent. */
    JsonNode nativeNode(JsonNode base) {
        if (kind != Kind.POINTER || match != null || map != null) {
            return null;
        }
        JsonNode node = at(base, pointer);
        return node == null || node.isNull() ? null : node;
    }

    /**
     * The value as text: the fixed value, or the native value (blank is absent) kept only when it
     * matches (only its first group when the pattern has one), translated through the map; the
     * default when absent. A native object or list, or a value the map does not know, is a violation
     * on {@code field}.
     */
    String text(JsonNode base, String field, List<FieldViolation> violations) {
        if (kind == Kind.CONSTANT) {
            return constant;
        }
        String raw = raw(base, field, violations);
        if (raw != null && match != null) {
            Matcher m = match.matcher(raw);
            // A pattern with a group keeps what the group captured: "([0-9]{6}).*" keeps a county code
            // at the start of a longer code.
            raw = !m.matches() ? null : m.groupCount() > 0 ? m.group(1) : raw;
            if (raw != null && raw.isBlank()) {
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

    private String raw(JsonNode base, String field, List<FieldViolation> violations) {
        switch (kind) {
            case CONSTANT:
                return constant;
            case COUNT: {
                JsonNode list = at(base, pointer);
                return list != null && list.isArray() && !list.isEmpty() ? String.valueOf(list.size()) : null;
            }
            case FIRST:
                for (ValueSpec spec : first) {
                    String text = spec.text(base, field, violations);
                    if (text != null) {
                        return text;
                    }
                }
                return null;
            case TEMPLATE: {
                StringBuilder out = new StringBuilder(templateParts.get(0));
                for (int i = 0; i < templatePointers.size(); i++) {
                    String text = scalarAt(base, templatePointers.get(i), field, violations);
                    if (text == null) {
                        return null; // a template with a hole in it says something the source did not
                    }
                    out.append(text).append(templateParts.get(i + 1));
                }
                return out.toString();
            }
            default:
                return scalarAt(base, pointer, field, violations);
        }
    }

    /** The text at a pointer; with a {@code *} step, the first element's that has one. */
    private static String scalarAt(JsonNode base, JsonPointer pointer, String field, List<FieldViolation> violations) {
        if (!hasAnyStep(pointer)) {
            return scalar(at(base, pointer), field, violations);
        }
        for (JsonNode node : all(base, pointer)) {
            String text = scalar(node, field, violations);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    private static String scalar(JsonNode node, String field, List<FieldViolation> violations) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isContainerNode()) {
            violations.add(new FieldViolation(field, new Text("violation.type-single")));
            return null;
        }
        String text = node.asText().strip();
        return text.isEmpty() ? null : text;
    }

    private static JsonNode at(JsonNode base, JsonPointer pointer) {
        JsonNode node = base.at(pointer);
        return node.isMissingNode() ? null : node;
    }

    private static boolean hasAnyStep(JsonPointer pointer) {
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            if (ANY.equals(p.getMatchingProperty())) {
                return true;
            }
        }
        return false;
    }

    /** Every node a pointer with {@code *} steps reaches, in document order. */
    private static List<JsonNode> all(JsonNode base, JsonPointer pointer) {
        List<JsonNode> out = new ArrayList<>();
        collect(base, pointer, out);
        return out;
    }

    private static void collect(JsonNode node, JsonPointer rest, List<JsonNode> out) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (rest == null || rest.matches()) {
            out.add(node);
            return;
        }
        if (ANY.equals(rest.getMatchingProperty())) {
            if (node.isArray()) {
                node.forEach(element -> collect(element, rest.tail(), out));
            }
            return;
        }
        JsonNode next = rest.getMatchingIndex() >= 0 && node.isArray() ? node.get(rest.getMatchingIndex())
                : node.get(rest.getMatchingProperty());
        collect(next, rest.tail(), out);
    }
}
