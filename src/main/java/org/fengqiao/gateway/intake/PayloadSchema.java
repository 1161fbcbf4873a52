package org.fengqiao.gateway.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    private PayloadSchema(Schema schema) {
        this.schema = schema;
    }

    public static PayloadSchema fromClasspath(String resource, ObjectMapper json) {
        try (InputStream in = PayloadSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema not on the classpath: " + resource);
            }
            return new PayloadSchema(REGISTRY.getSchema(json.readTree(in)));
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
            return new PayloadSchema(REGISTRY.getSchema(tree));
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
        List<FieldViolation> violations = new ArrayList<>();
        byField.forEach((field, message) -> violations.add(new FieldViolation(field, message)));
        return violations;
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
