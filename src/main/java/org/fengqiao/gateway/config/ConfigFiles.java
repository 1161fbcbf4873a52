package org.fengqiao.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The files integration engineers edit without Java (routing policy, category tables), read from
 * {@code gateway.config-dir}. A missing or broken file stops the start with one message naming the
 * file, the key, the bad value and what is allowed, rather than routing with half a policy.
 */
@ApplicationScoped
public class ConfigFiles {

    // With java.time, so calendar dates read as LocalDate; a misspelt key is a mistake, not a default.
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The folder of the source definitions inside a configuration folder. */
    public static final String SOURCES_DIR = "sources";

    String configDir;
    private final List<String> extraSourceDirs;

    @Inject
    ConfigFiles(GatewayConfig config) {
        this.configDir = config.configDir();
        this.extraSourceDirs = config.extraSourceDirs().orElse(List.of());
    }

    private ConfigFiles(String configDir, List<String> extraSourceDirs) {
        this.configDir = configDir;
        this.extraSourceDirs = extraSourceDirs;
    }

    /** Configuration files in a given folder, outside the application (tools and plain tests). */
    public static ConfigFiles at(String configDir) {
        return new ConfigFiles(configDir, List.of());
    }

    /** As {@link #at(String)}, with more folders of source definitions (gateway.extra-source-dirs). */
    public static ConfigFiles at(String configDir, List<String> extraSourceDirs) {
        return new ConfigFiles(configDir, List.copyOf(extraSourceDirs));
    }

    /**
     * The folders holding source definitions: {@code <config>/sources}, then each of
     * {@code gateway.extra-source-dirs}. What a definition names (its schema, its category table) is
     * found relative to the parent of its folder ({@link #configOf}).
     */
    public List<Path> sourceFolders() {
        List<Path> out = new ArrayList<>();
        out.add(path(SOURCES_DIR));
        extraSourceDirs.stream().map(String::strip).filter(dir -> !dir.isEmpty()).map(Path::of).forEach(out::add);
        return out;
    }

    /**
     * The configuration folder a folder of source definitions belongs to: its parent, so that
     * {@code config/sources/X.yaml} names {@code sources/x.schema.json} and has its table in
     * {@code config/categories/X.yaml}, and a folder elsewhere carries its own beside it.
     */
    public static Path configOf(Path sourceFolder) {
        Path parent = sourceFolder.normalize().getParent();
        return parent == null ? Path.of("") : parent;
    }

    public Path path(String relative) {
        return Path.of(configDir).resolve(relative);
    }

    public boolean exists(String relative) {
        return Files.isRegularFile(path(relative));
    }

    public <T> T readYaml(String relative, Class<T> type) {
        return readYaml(path(relative), type);
    }

    /** A YAML file anywhere (a folder of gateway.extra-source-dirs), read as {@link #readYaml(String, Class)} reads. */
    public <T> T readYaml(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("configuration file missing: " + file.toAbsolutePath()
                    + " (set gateway.config-dir / GATEWAY_CONFIG_DIR to the folder holding it)");
        }
        try {
            return YAML.readValue(file.toFile(), type);
        } catch (IOException e) {
            // Quarkus prints a ConfigurationException without a cause as its message alone: the
            // parser's stack trace says nothing the message does not.
            throw new ConfigurationException(describe(file, e));
        }
    }

    /** One line: the file, the key (dotted path), the bad value and what is allowed. */
    static String describe(Path file, IOException e) {
        StringBuilder out = new StringBuilder("configuration file ").append(file);
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            out.append(": ").append(keyOf(mapping));
        }
        if (e instanceof InvalidFormatException invalid) {
            out.append(": '").append(invalid.getValue()).append("' is not allowed");
            Class<?> target = invalid.getTargetType();
            if (target != null && target.isEnum()) {
                out.append("; allowed: ").append(Arrays.stream(target.getEnumConstants()).map(String::valueOf)
                        .collect(Collectors.joining(", ")));
            } else if (target != null) {
                out.append("; expected ").append(expected(target));
            }
        } else if (e instanceof PropertyBindingException unknown) {
            out.append(": unknown key '").append(unknown.getPropertyName()).append("'; allowed: ")
                    .append(unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                            .collect(Collectors.joining(", ")));
        } else if (e instanceof JsonProcessingException parse) {
            out.append(": ").append(parse.getOriginalMessage());
            if (parse.getLocation() != null) {
                out.append(" (line ").append(parse.getLocation().getLineNr()).append(')');
            }
        } else {
            out.append(": cannot be read (").append(e.getMessage()).append(')');
        }
        return out.toString();
    }

    private static String keyOf(JsonMappingException e) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                key.append(key.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                key.append('[').append(ref.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    private static String expected(Class<?> target) {
        return switch (target.getSimpleName()) {
            case "LocalDate" -> "an ISO date such as 2026-10-01";
            case "Integer", "int", "Long", "long" -> "a whole number";
            case "Double", "double" -> "a number";
            case "Boolean", "boolean" -> "true or false";
            default -> "a " + target.getSimpleName();
        };
    }
}
