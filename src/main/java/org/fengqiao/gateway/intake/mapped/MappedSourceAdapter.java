package org.fengqiao.gateway.intake.mapped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import org.fengqiao.gateway.attachment.FileServer;
import org.fengqiao.gateway.attachment.FileServers;
import org.fengqiao.gateway.canonical.DisputeDraft;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.config.ConfigFiles;
import org.fengqiao.gateway.evaluation.Evaluation;
import org.fengqiao.gateway.intake.JsonPayloads;
import org.fengqiao.gateway.intake.PayloadSchema;
import org.fengqiao.gateway.intake.SourcesConfig;
import org.fengqiao.gateway.intake.XmlPayloads;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.jboss.logging.Logger;

/**
 * Stages 1–2 for every source defined by files alone: a route in {@code routes/} calls
 * {@code toDraft('<SOURCE>', ${body})}, and {@code config/sources/*.yaml} says how that source's JSON
 * (or XML) becomes a {@link DisputeDraft}, and, for a source that evaluates, how its evaluation
 * becomes an {@link Evaluation} ({@code toEvaluation}). Loaded at start, so a broken definition stops
 * the gateway with a message naming the file instead of failing the first case that arrives.
 */
@ApplicationScoped
@Startup
@Named("mappedSources")
public class MappedSourceAdapter {

    private static final Logger LOG = Logger.getLogger(MappedSourceAdapter.class);

    @Inject
    ConfigFiles files;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;
    @Inject
    SourcesConfig sourceSettings;
    @Inject
    FileServers fileServers;

    private Map<String, SourceDefinition> sources = Map.of();

    @PostConstruct
    void load() {
        try {
            sources = withFileServers(loadAll(files, json));
        } catch (IllegalStateException mistake) {
            // Its message names the file and the key; Quarkus prints a cause-less ConfigurationException
            // as that message alone.
            throw new io.quarkus.runtime.configuration.ConfigurationException(mistake.getMessage());
        }
        if (!sources.isEmpty()) {
            LOG.infof("Sources defined in %s: %s", folders(), sources.keySet());
        }
    }

    /**
     * Every definition in the folders of {@link ConfigFiles#sourceFolders()} ({@code <config>/sources/*.yaml}
     * and gateway.extra-source-dirs); a folder that does not exist holds none.
     */
    static Map<String, SourceDefinition> loadAll(ConfigFiles files, ObjectMapper json) {
        Map<String, SourceDefinition> out = new LinkedHashMap<>();
        for (Path folder : files.sourceFolders()) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            List<Path> definitions;
            try (var listing = Files.list(folder)) {
                definitions = listing.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder.toAbsolutePath(), e);
            }
            Path base = ConfigFiles.configOf(folder);
            for (Path file : definitions) {
                String shown = file.toString();
                SourceDefinition definition = SourceDefinition.parse(shown,
                        files.readYaml(file, JsonNode.class), base,
                        schema -> PayloadSchema.fromFile(schema, json));
                SourceDefinition earlier = out.putIfAbsent(definition.system(), definition);
                if (earlier != null) {
                    throw new IllegalStateException("source definition " + shown + ": source " + definition.system()
                            + " is already defined in " + earlier.file());
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The definitions whose sources send files by reference, with their file servers read from
     * {@code gateway.sources.<file-server>.file-urls}; each server is declared to the fetcher.
     */
    private Map<String, SourceDefinition> withFileServers(Map<String, SourceDefinition> loaded) {
        Map<String, SourceDefinition> out = new LinkedHashMap<>();
        for (SourceDefinition definition : loaded.values()) {
            AttachmentsDefinition files = definition.attachments();
            if (files == null || files.url() == null) {
                out.put(definition.system(), definition);
                continue;
            }
            String key = "gateway.sources." + files.fileServer() + ".file-urls";
            SourcesConfig.Source settings = sourceSettings.byName().get(files.fileServer());
            List<String> urls = settings == null ? List.of() : settings.fileUrls().orElse(List.of());
            FileServer server;
            try {
                server = new FileServer(definition.system(), FileServer.prefixes(urls), files.maxBytes(),
                        files.fetchTimeout(), settings == null ? null : settings.fileAuthorization()
                                .filter(a -> !a.isBlank()).orElse(null));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("source definition " + definition.file() + ": attachments.file-server "
                        + files.fileServer() + ": " + key + " " + e.getMessage());
            }
            fileServers.declare(server);
            out.put(definition.system(), definition.withAttachments(files.withServer(server)));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Whether a defined source sends XML (else JSON). */
    public boolean sendsXml(String sourceId) {
        SourceDefinition source = sources.get(sourceId);
        return source != null && source.xml() != null;
    }

    /** The system ids of the sources defined by files. */
    public java.util.Set<String> definedSources() {
        return sources.keySet();
    }

    /** The folders of the source definitions, as one text for messages. */
    public String sourcesFolder() {
        return folders();
    }

    private String folders() {
        List<Path> folders = files.sourceFolders();
        return folders.size() == 1 ? folders.get(0).toString() : folders.toString();
    }

    /**
     * How people read a source's name (its definition's {@code name}, e.g. 12345热线); the id itself for
     * a source no file defines (a system such as the gateway, or a handler, on a timeline).
     */
    public String displayName(String sourceId) {
        SourceDefinition source = sourceId == null ? null : sources.get(sourceId);
        return source == null ? sourceId : source.name();
    }

    /** The file that defines a source. */
    public String definitionFile(String sourceId) {
        SourceDefinition source = sources.get(sourceId);
        return source == null ? null : source.file();
    }

    public DisputeDraft toDraft(String sourceId, String body) {
        SourceDefinition source = sources.get(sourceId);
        if (source == null) {
            // A route naming a source nobody defined: an installation mistake, not the caller's.
            LOG.errorf("A route asks for source %s, but %s defines only %s", sourceId, folders(), sources.keySet());
            throw new IllegalStateException("no source definition for " + sourceId);
        }
        // XML is read by XmlPayloads' hardened reader (no DTD, no entities, bounded) into the same tree a
        // JSON payload gives, so the schema and the mapping need not know which it was.
        SourceDefinition.XmlForm xml = source.xml();
        // Longer texts only for a source that sends files inline; a URL is no longer than any text.
        JsonNode payload = xml == null ? JsonPayloads.parseObject(body,
                source.attachments() == null || source.attachments().content() == null
                        ? JsonPayloads.MAX_STRING_LENGTH : source.attachments().longestText())
                : XmlPayloads.parseObject(body, xml.root(), xml.lists());
        List<FieldViolation> violations = new ArrayList<>(source.schema().validate(payload));
        DisputeDraft draft = source.map(payload, GatewayTime.now(clock), violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return draft;
    }

    /**
     * A source's evaluation after its return visit (回访), as the {@code evaluation:} section of its
     * definition maps it: a route calls {@code toEvaluation('<SOURCE>', ${body})}, then
     * {@code direct:accept-evaluation}.
     */
    public Evaluation toEvaluation(String sourceId, String body) {
        SourceDefinition source = sources.get(sourceId);
        EvaluationDefinition evaluation = source == null ? null : source.evaluation();
        if (evaluation == null) {
            // A route naming a source that does not evaluate: an installation mistake, not the caller's.
            LOG.errorf("A route asks for the evaluation of source %s, but %s", sourceId, source == null
                    ? folders() + " defines only " + sources.keySet()
                    : source.file() + " has no evaluation section");
            throw new IllegalStateException("no evaluation defined for " + sourceId);
        }
        List<FieldViolation> violations = new ArrayList<>();
        Evaluation mapped = evaluation.map(source.system(), JsonPayloads.parseObject(json, body), violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return mapped;
    }

    /**
     * A native schema of a defined source (its cases' or its evaluations'), by its file name, for
     * publishing next to the built-in ones.
     */
    public Optional<Path> schemaFile(String fileName) {
        for (SourceDefinition source : sources.values()) {
            List<Path> schemas = source.evaluation() == null ? List.of(source.schemaPath())
                    : List.of(source.schemaPath(), source.evaluation().schemaPath());
            for (Path schema : schemas) {
                if (schema.getFileName().toString().equals(fileName)) {
                    return Optional.of(schema);
                }
            }
        }
        return Optional.empty();
    }

    /** The schema of a defined source's evaluations, by its system id; empty when it does not evaluate. */
    public Optional<Path> evaluationSchemaFileOf(String system) {
        SourceDefinition source = sources.get(system);
        return source == null || source.evaluation() == null ? Optional.empty()
                : Optional.of(source.evaluation().schemaPath());
    }

    /** The native schema of a defined source, by its system id (the API description reads it). */
    public Optional<Path> schemaFileOf(String system) {
        SourceDefinition source = sources.get(system);
        return source == null ? Optional.empty() : Optional.of(source.schemaPath());
    }
}
