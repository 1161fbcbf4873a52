package org.fengqiao.gateway.routing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;
import org.fengqiao.gateway.canonical.Category;
import org.fengqiao.gateway.config.ConfigFiles;

/**
 * Decides the canonical category: first the source's own category through that source's table
 * ({@code config/categories/<SOURCE>.yaml}, or {@code categories/} beside a folder of
 * gateway.extra-source-dirs), then keyword rules on title and content
 * ({@code config/category-keywords.yaml}, earlier rules win), then OTHER.
 */
@ApplicationScoped
@Startup // a broken table stops the start, instead of failing the first case that needs it
public class CategoryClassifier {

    static final String TABLES_DIR = "categories";
    static final String KEYWORDS_FILE = "category-keywords.yaml";

    @Inject
    ConfigFiles files;

    private final Map<String, SourceTable> tablesBySource = new HashMap<>();
    private final List<KeywordRule> keywordRules = new ArrayList<>();
    private Trie keywords;
    private final Map<String, Integer> ruleOfKeyword = new HashMap<>();

    /**
     * A source's category table: its own codes or names to canonical categories, and risk flags
     * that some of its categories carry (a code may have flags without a category).
     */
    public record SourceTable(String source, String description, Map<String, Category> table,
            Map<String, List<String>> riskFlags) {

        public SourceTable {
            table = table == null ? Map.of() : new LinkedHashMap<>(table);
            riskFlags = riskFlags == null ? Map.of() : new LinkedHashMap<>(riskFlags);
        }
    }

    public record KeywordRule(String id, Category category, List<String> keywords) {
    }

    public record KeywordRules(List<KeywordRule> rules) {
    }

    @PostConstruct
    void load() throws Exception {
        // config/categories/, and beside each folder of gateway.extra-source-dirs its own categories/.
        Set<Path> folders = new LinkedHashSet<>();
        folders.add(files.path(TABLES_DIR));
        for (Path sources : files.sourceFolders()) {
            Path beside = ConfigFiles.configOf(sources).resolve(TABLES_DIR);
            if (Files.isDirectory(beside)) {
                folders.add(beside);
            }
        }
        Map<String, Path> tableFiles = new HashMap<>();
        for (Path folder : folders) {
            try (var tables = Files.list(folder)) {
                for (var file : tables.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    SourceTable table = files.readYaml(file, SourceTable.class);
                    Path earlier = tableFiles.putIfAbsent(table.source(), file);
                    if (earlier != null && !Files.isSameFile(earlier, file)) {
                        throw new ConfigurationException("category table " + file + ": source " + table.source()
                                + " already has its table in " + earlier);
                    }
                    tablesBySource.put(table.source(), table);
                }
            }
        }
        keywordRules.addAll(files.readYaml(KEYWORDS_FILE, KeywordRules.class).rules());
        var builder = Trie.builder();
        for (int i = 0; i < keywordRules.size(); i++) {
            for (String keyword : keywordRules.get(i).keywords()) {
                builder.addKeyword(keyword);
                ruleOfKeyword.putIfAbsent(keyword, i);
            }
        }
        keywords = builder.build();
    }

    public CategoryDecision classify(String sourceSystem, String sourceCode, String sourceName, String title,
            String description) {
        SourceTable source = tablesBySource.get(sourceSystem);
        Map<String, Category> table = source == null ? Map.of() : source.table();
        List<String> flags = new ArrayList<>();
        for (String key : new String[] { sourceCode, sourceName }) {
            if (key != null && source != null && source.riskFlags().containsKey(key)) {
                flags.addAll(source.riskFlags().get(key));
            }
        }
        for (String key : new String[] { sourceCode, sourceName }) {
            if (key != null && table.containsKey(key)) {
                return new CategoryDecision(table.get(key), "table " + sourceSystem + ": " + key, flags);
            }
        }
        String text = (title == null ? "" : title) + "\n" + (description == null ? "" : description);
        int best = Integer.MAX_VALUE;
        String matched = null;
        for (Emit emit : keywords.parseText(text)) {
            int rule = ruleOfKeyword.get(emit.getKeyword());
            if (rule < best) {
                best = rule;
                matched = emit.getKeyword();
            }
        }
        if (matched != null) {
            KeywordRule rule = keywordRules.get(best);
            return new CategoryDecision(rule.category(), "keyword " + rule.id() + ": " + matched, flags);
        }
        return new CategoryDecision(Category.OTHER, "default", flags);
    }
}
