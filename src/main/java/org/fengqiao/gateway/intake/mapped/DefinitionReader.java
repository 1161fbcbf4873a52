package org.fengqiao.gateway.intake.mapped;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reading one source definition file: every mistake stops the start with the file and the key that
 * is wrong, e.g. {@code config/sources/X.yaml: fields.urgency.map.紧急: ...}.
 */
final class DefinitionReader {

    private final String file;

    DefinitionReader(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    IllegalStateException error(String path, String problem) {
        return new IllegalStateException("source definition " + file + ": " + (path.isEmpty() ? "" : path + " ")
                + problem);
    }

    /** A misspelt key would otherwise be silently ignored and its field left empty. */
    void allowKeys(String path, JsonNode node, List<String> allowed) {
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw error(path, "has unknown key(s) " + unknown + "; expected " + allowed);
        }
    }

    String requiredText(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw error(key, "is required (a text)");
        }
        return value.asText().strip();
    }
}
