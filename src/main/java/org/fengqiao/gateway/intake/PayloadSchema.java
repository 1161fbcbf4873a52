package org.fengqiao.gateway.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.Text;

/**
 * A JSON Schema (draft 2020-12), from the classpath or from a configuration file, turned into field
 * violations a caller can act on: one per offending field, named by its dotted path ({@code sqr.xm},
 * {@code dfr[0].sfzh}).
 */
public final class PayloadSchema {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final Schema schema;
    private final JsonNode tree;

    private PayloadSchema(Schema schema, JsonNode tree) {
        this.schema = schema;
        this.tree = tree;
    }

    public static PayloadSchema fromClasspath(String resource, ObjectMapper json) {
        try (InputStream in = PayloadSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema not on the classpath: " + resource);
            }
            JsonNode tree = json.readTree(in);
            return new PayloadSchema(REGISTRY.getSchema(tree), tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A schema kept beside configuration (a source defined by files only); unreadable → names the file. */
    public static PayloadSchema fromFile(Path file, ObjectMapper json) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("schema file missing: " + file.toAbsolutePath());
        }
        JsonNode tree;
        try {
            tree = json.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("schema file is not valid JSON: " + file.toAbsolutePath(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalStateException("schema file does not hold a JSON Schema object: " + file.toAbsolutePath());
        }
        try {
            return new PayloadSchema(REGISTRY.getSchema(tree), tree);
        } catch (RuntimeException e) {
            throw new IllegalStateException("schema file is not a usable JSON Schema: " + file.toAbsolutePath(), e);
        }
    }

    public List<FieldViolation> validate(JsonNode payload) {
        // Several keywords can fail on one field (type and pattern, say): report the field once.
        Map<String, Text> byField = new LinkedHashMap<>();
        for (Error error : schema.validate(payload)) {
            String field = fieldOf(error);
            byField.putIfAbsent(field, messageOf(error));
        }
        requireVisibleText(tree, payload, "", byField, new HashSet<>());
        List<FieldViolation> violations = new ArrayList<>();
        byField.forEach((field, message) -> violations.add(new FieldViolation(field, message)));
        return violations;
    }

    /**
     * Walks the payload along the schema's {@code properties}, {@code items} and local {@code $ref}s;
     * a field the schema keywords already refused keeps that message.
     */
    private void requireVisibleText(JsonNode schemaNode, JsonNode value, String path, Map<String, Text> byField,
            Set<JsonNode> refsSeen) {
        JsonNode node = resolve(schemaNode, refsSeen);
        if (node == null || value == null) {
            return;
        }
        JsonNode properties = node.get("properties");
        if (properties != null && properties.isObject() && value.isObject()) {
            Set<String> required = new HashSet<>();
            node.path("required").forEach(name -> required.add(name.asText()));
            properties.fields().forEachRemaining(property -> {
                String name = property.getKey();
                JsonNode field = value.get(name);
                if (field == null) {
                    return;
                }
                String fieldPath = path.isEmpty() ? name : path + "." + name;
                JsonNode fieldSchema = resolve(property.getValue(), new HashSet<>());
                if (field.isTextual()) {
                    boolean mustHaveText = required.contains(name)
                            || (fieldSchema != null && fieldSchema.path("minLength").asInt(0) >= 1);
                    if (mustHaveText && !hasVisibleCharacter(field.textValue())) {
                        byField.putIfAbsent(fieldPath, new Text("violation.blank"));
                    }
                } else {
                    requireVisibleText(property.getValue(), field, fieldPath, byField, new HashSet<>(refsSeen));
                }
            });
        }
        JsonNode items = node.get("items");
        if (items != null && items.isObject() && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                requireVisibleText(items, value.get(i), path + "[" + i + "]", byField, new HashSet<>(refsSeen));
            }
        }
    }

    /** Follows {@code $ref: "#/..."} within the same schema; a cycle or a remote reference ends the walk. */
    private JsonNode resolve(JsonNode schemaNode, Set<JsonNode> refsSeen) {
        JsonNode node = schemaNode;
        while (node != null && node.isObject() && node.path("$ref").isTextual()) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#") || !refsSeen.add(node)) {
                return null;
            }
            node = tree.at(ref.substring(1));
            if (node.isMissingNode()) {
                return null;
            }
        }
        return node;
    }

    /** Whether the text has a character that is not white space nor an invisible mark (see above). */
    public static boolean hasVisibleCharacter(String text) {
        return text.codePoints().anyMatch(cp -> !invisible(cp));
    }

    private static boolean invisible(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return true; // includes U+3000 and the no-break spaces, which isWhitespace leaves out
        }
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.FORMAT) {
            return true; // zero-width space, joiners, U+2060, U+FEFF, bidirectional marks
        }
        // Letters by Unicode's category but drawn as nothing: Hangul fillers and the blank Braille pattern.
        return cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
    }

    private static String fieldOf(Error error) {
        String path = dotted(error.getInstanceLocation());
        if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
            return path.isEmpty() ? error.getProperty() : path + "." + error.getProperty();
        }
        return path.isEmpty() ? "$" : path;
    }

    private static String dotted(NodePath path) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(element);
            }
        }
        return out.toString();
    }

    // The library's messages start with the instance path; the field is reported separately, and the
    // value itself is never echoed (it may be personal data).
    private static Text messageOf(Error error) {
        String limit = error.getSchemaNode().asText();
        return switch (error.getKeyword()) {
            case "required" -> new Text("violation.required");
            case "type" -> new Text("violation.type", error.getSchemaNode().asText(error.getSchemaNode().toString()));
            case "maxLength" -> new Text("violation.too-long", limit);
            case "minLength" -> new Text("violation.empty");
            case "maxItems" -> new Text("violation.too-many-items", limit);
            case "minItems" -> new Text("violation.too-few-items", limit);
            case "minimum" -> new Text("violation.at-least", limit);
            case "exclusiveMinimum" -> new Text("violation.more-than", limit);
            case "maximum" -> new Text("violation.at-most", limit);
            case "pattern" -> new Text("violation.format");
            case "enum" -> new Text("violation.one-of", error.getSchemaNode().toString());
            default -> new Text("violation.invalid", error.getKeyword());
        };
    }
}
