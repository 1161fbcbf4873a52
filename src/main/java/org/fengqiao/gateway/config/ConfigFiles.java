package org.fengqiao.gateway.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The files integration engineers edit without Java (routing policy, category tables), read from
 * {@code gateway.config-dir}. A missing or broken file stops the start with a message naming it,
 * rather than routing with half a policy.
 */
@ApplicationScoped
public class ConfigFiles {

    // With java.time, so calendar dates read as LocalDate.
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).findAndRegisterModules();

    @ConfigProperty(name = "gateway.config-dir")
    String configDir;

    /** Configuration files in a given folder, outside the application (tools and plain tests). */
    public static ConfigFiles at(String configDir) {
        ConfigFiles files = new ConfigFiles();
        files.configDir = configDir;
        return files;
    }

    public Path path(String relative) {
        return Path.of(configDir).resolve(relative);
    }

    public boolean exists(String relative) {
        return Files.isRegularFile(path(relative));
    }

    public <T> T readYaml(String relative, Class<T> type) {
        Path file = path(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("configuration file missing: " + file.toAbsolutePath()
                    + " (set gateway.config-dir / GATEWAY_CONFIG_DIR to the folder holding it)");
        }
        try {
            return YAML.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("configuration file unreadable: " + file.toAbsolutePath(), e);
        }
    }
}
