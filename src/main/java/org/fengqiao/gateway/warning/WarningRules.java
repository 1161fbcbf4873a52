package org.fengqiao.gateway.warning;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.configuration.ConfigurationException;
import org.fengqiao.gateway.canonical.Category;
import org.fengqiao.gateway.config.ConfigFiles;

/**
 * The warning rules of {@code config/warning-rules.yaml}: which kinds of risk are watched, with
 * which thresholds, each rule under its own id and Chinese name. Read and checked at start; a rule
 * missing a parameter its kind needs, or with one out of range, stops the start with the rule and the
 * field named, as the other configuration files do.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class WarningRules {

    static final String FILE = "warning-rules.yaml";

    /** What a rule watches for; each kind reads its own parameters. */
    public enum Kind {
        /** The same person (keyed ID or phone number) in N disputes within D days (重复访、缠访). */
        REPEAT_PARTY,
        /** The source's group flag, or at least the given number of people (群体性). */
        GROUP_MATTER,
        /** A red risk level from the given sources, or an urgent dispute unsigned after H hours. */
        RED_RISK,
        /** A township's count of a category in a day above k times its trailing daily average. */
        SURGE,
        /** The same parties in a neighbour or family dispute, then in a police record of a fight (民转刑). */
        ESCALATING_CONFLICT,
        /** Open past an age, or reopened a number of times (久拖未决). */
        LONG_UNRESOLVED
    }

    /**
     * Every parameter any kind reads; a rule sets those of its kind. Unknown keys are refused by the
     * reader, so a misspelt parameter is never silently a default.
     */
    public record Parameters(Integer disputes, Integer days, Integer people, List<String> sources,
            Integer unsignedHours, Double factor, Integer trailingDays, Integer atLeast, List<Category> categories,
            String fightSource, List<String> fightCategories, Integer ageDays, Integer reopened) {
    }

    /** One rule as written in the file. */
    public record RuleEntry(String id, String name, Kind kind, Boolean enabled, Parameters parameters,
            String window) {
    }

    public record RulesFile(List<RuleEntry> rules) {
    }

    /**
     * One checked rule.
     *
     * @param windowDays how long one warning stands for its subject: a second trigger within it joins
     *        the warning instead of raising another; empty for once per subject ever
     */
    public record Rule(String id, String name, Kind kind, Parameters parameters, Optional<Integer> windowDays) {
    }

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");
    private static final Pattern WINDOW = Pattern.compile("([1-9][0-9]{0,3})d");

    @Inject
    ConfigFiles files;

    private List<Rule> rules = List.of();

    @PostConstruct
    void load() {
        rules = read(files);
    }

    /** The enabled rules, in the file's order. */
    public List<Rule> enabled() {
        return rules;
    }

    public List<Rule> enabled(Kind kind) {
        return rules.stream().filter(r -> r.kind() == kind).toList();
    }

    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The rules of a configuration folder's file, checked; a broken file throws, naming rule and field. */
    static List<Rule> read(ConfigFiles files) {
        RulesFile file = files.readYaml(FILE, RulesFile.class);
        Path path = files.path(FILE);
        List<RuleEntry> entries = file == null || file.rules() == null ? List.of() : file.rules();
        List<Rule> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            RuleEntry e = entries.get(i);
            String at = "rules[" + i + "]";
            if (e == null) {
                throw refused(path, at, "is empty");
            }
            if (e.id() == null || !ID.matcher(e.id()).matches()) {
                throw refused(path, at + ".id", "'" + e.id()
                        + "' is not allowed; lower-case letters, digits and '-', at most 48 characters");
            }
            at = at + " (" + e.id() + ")";
            if (!ids.add(e.id())) {
                throw refused(path, at + ".id", "is used by another rule");
            }
            if (e.name() == null || e.name().isBlank() || e.name().length() > 100) {
                throw refused(path, at + ".name", "is required, at most 100 characters");
            }
            if (e.kind() == null) {
                throw refused(path, at + ".kind", "is required; allowed: " + List.of(Kind.values()));
            }
            Parameters p = e.parameters() == null
                    ? new Parameters(null, null, null, null, null, null, null, null, null, null, null, null, null)
                    : e.parameters();
            Optional<Integer> window = window(path, at, e.window());
            check(path, at + ".parameters", e.kind(), p);
            if (e.enabled() == null || e.enabled()) {
                out.add(new Rule(e.id(), e.name().strip(), e.kind(), p, window));
            }
        }
        return List.copyOf(out);
    }

    private static Optional<Integer> window(Path path, String at, String window) {
        if (window == null) {
            throw refused(path, at + ".window", "is required: 'once' or a number of days such as '30d'");
        }
        if ("once".equals(window.strip())) {
            return Optional.empty();
        }
        Matcher m = WINDOW.matcher(window.strip());
        if (!m.matches()) {
            throw refused(path, at + ".window", "'" + window + "' is not allowed: 'once' or a number of days such as '30d'");
        }
        return Optional.of(Integer.parseInt(m.group(1)));
    }

    private static void check(Path path, String at, Kind kind, Parameters p) {
        switch (kind) {
            case REPEAT_PARTY -> {
                atLeast(path, at, "disputes", p.disputes(), 2, kind);
                atLeast(path, at, "days", p.days(), 1, kind);
            }
            case GROUP_MATTER -> atLeast(path, at, "people", p.people(), 2, kind);
            case RED_RISK -> {
                if (p.sources() == null || p.sources().isEmpty()) {
                    throw refused(path, at + ".sources", "is required for kind " + kind
                            + ": the sources whose red risk level (HIGH) raises a warning, e.g. [POLICE_RISK]");
                }
                atLeast(path, at, "unsignedHours", p.unsignedHours(), 1, kind);
            }
            case SURGE -> {
                if (p.factor() == null || !(p.factor() >= 1.0)) {
                    throw refused(path, at + ".factor", "is required for kind " + kind + ": a number of at least 1");
                }
                atLeast(path, at, "trailingDays", p.trailingDays(), 1, kind);
                atLeast(path, at, "atLeast", p.atLeast(), 1, kind);
            }
            case ESCALATING_CONFLICT -> {
                if (p.categories() == null || p.categories().isEmpty()) {
                    throw refused(path, at + ".categories", "is required for kind " + kind
                            + ": the canonical categories of the first dispute, e.g. [NEIGHBOR, MARRIAGE_FAMILY]");
                }
                if (p.fightSource() == null || p.fightSource().isBlank()) {
                    throw refused(path, at + ".fightSource", "is required for kind " + kind + ", e.g. POLICE_RISK");
                }
                if (p.fightCategories() == null || p.fightCategories().isEmpty()) {
                    throw refused(path, at + ".fightCategories", "is required for kind " + kind
                            + ": the source's own category codes of a fight, e.g. [\"200200\"]");
                }
                atLeast(path, at, "days", p.days(), 1, kind);
            }
            case LONG_UNRESOLVED -> {
                atLeast(path, at, "ageDays", p.ageDays(), 1, kind);
                atLeast(path, at, "reopened", p.reopened(), 1, kind);
            }
        }
    }

    private static void atLeast(Path path, String at, String field, Integer value, int least, Kind kind) {
        if (value == null) {
            throw refused(path, at + "." + field, "is required for kind " + kind + ": a whole number of at least " + least);
        }
        if (value < least) {
            throw refused(path, at + "." + field, "'" + value + "' is not allowed: a whole number of at least " + least);
        }
    }

    private static ConfigurationException refused(Path path, String field, String why) {
        return new ConfigurationException("configuration file " + path + ": " + field + " " + why);
    }
}
