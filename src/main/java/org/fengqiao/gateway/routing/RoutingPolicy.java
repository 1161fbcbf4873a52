package org.fengqiao.gateway.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.configuration.ConfigurationException;
import org.fengqiao.gateway.canonical.Category;
import org.fengqiao.gateway.config.ConfigFiles;
import org.fengqiao.gateway.jurisdiction.Gazetteer;

/**
 * Category × jurisdiction → handler, from {@code config/routing-policy.yaml}. Rules are tried in
 * file order; the first whose conditions hold and whose handler template can be filled wins
 * ({@code {county}} cannot be filled when the county is unknown, so such a rule is skipped).
 */
@ApplicationScoped
public class RoutingPolicy {

    static final String FILE = "routing-policy.yaml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    @Inject
    ConfigFiles files;
    @Inject
    Gazetteer gazetteer;

    private PolicyFile policy;
    private String city;

    /** Conditions of a rule; an absent list means "any". */
    public record When(List<Category> category, List<String> source, List<String> county, List<String> township,
            List<String> method) {
    }

    public record Rule(String id, String description, When when, String handler) {
    }

    /** {@code city}, once the file's, is optional: it follows {@code gateway.jurisdiction.region}. */
    public record PolicyFile(String city, Map<String, String> roles, List<Rule> rules, GridCoHandler grid) {
    }

    /**
     * Which disputes add the grid's handler (网格员) as a co-handler: those whose standard address has a
     * grid, of the listed categories ({@code ALL}: every category). The co-handler is told (a notice on
     * {@code dispute.notice.GRID-<grid code>}), it does not hold the dispute.
     */
    public record GridCoHandler(List<String> categories, String name) {
    }

    /** The handler id of a grid's handler: {@code GRID-<grid code>}. */
    public static final String GRID_HANDLER_PREFIX = "GRID-";
    /** A grid code usable in a queue and user name: no spaces, dots or the broker's wildcards. */
    private static final Pattern GRID_CODE = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final String ALL_CATEGORIES = "ALL";

    /** What routing knows of a dispute. */
    public record Facts(Category category, String sourceSystem, String countyCode, String townshipCode,
            String method) {
    }

    public record Decision(String handlerId, String ruleId, String reason) {
    }

    @PostConstruct
    void load() {
        policy = files.readYaml(FILE, PolicyFile.class);
        String file = files.path(FILE).toString();
        city = gazetteer.areaCode();
        if (policy.city() != null && !policy.city().equals(city)) {
            throw new ConfigurationException(file + ": city = '" + policy.city() + "' is not the area of the region"
                    + " gateway.jurisdiction.region serves (" + city + "); leave city out, it follows the region");
        }
        if (policy.rules() == null || policy.rules().isEmpty()) {
            throw new ConfigurationException(file + ": rules: none; at least one rule is needed");
        }
        boolean fallback = false;
        for (int i = 0; i < policy.rules().size(); i++) {
            Rule rule = policy.rules().get(i);
            String where = file + ": rules[" + i + "]" + (rule.id() == null ? "" : " (" + rule.id() + ")");
            if (rule.id() == null || rule.id().isBlank()) {
                throw new ConfigurationException(where + ".id: missing; every rule needs an id (it is recorded)");
            }
            if (rule.handler() == null || rule.handler().isBlank()) {
                throw new ConfigurationException(where + ".handler: missing; a handler id or a template"
                        + " such as {county}-joint");
            }
            Matcher m = PLACEHOLDER.matcher(rule.handler());
            boolean cityOnly = true;
            while (m.find()) {
                if (!List.of("city", "county", "township").contains(m.group(1))) {
                    throw new ConfigurationException(where + ".handler = '" + rule.handler() + "': {" + m.group(1)
                            + "} is not allowed; allowed: {city}, {county}, {township}");
                }
                cityOnly &= m.group(1).equals("city");
            }
            fallback |= cityOnly && isEmpty(rule.when());
        }
        if (policy.grid() != null && policy.grid().categories() != null) {
            for (String category : policy.grid().categories()) {
                if (!ALL_CATEGORIES.equals(category)
                        && java.util.Arrays.stream(Category.values()).noneMatch(c -> c.name().equals(category))) {
                    throw new ConfigurationException(file + ": grid.categories: '" + category + "' is neither a"
                            + " canonical category nor ALL");
                }
            }
        }
        if (!fallback) {
            throw new ConfigurationException(file + ": rules: none always applies; end the policy with a rule"
                    + " without conditions whose handler needs no county or township (e.g. the city triage desk)");
        }
    }

    private static boolean isEmpty(When when) {
        return when == null || (empty(when.category()) && empty(when.source()) && empty(when.county())
                && empty(when.township()) && empty(when.method()));
    }

    private static boolean empty(List<?> values) {
        return values == null || values.isEmpty();
    }

    /**
     * The code of the area the deployment serves as a whole: the city ({@code 3306}), or the province
     * ({@code 33}) when the region is a province or several cities. Its bodies are the last resort.
     */
    public String city() {
        return city;
    }

    /**
     * The body with {@code role} (CENTRE, TRIAGE, TASKFORCE ...) of a county, {@code <county>-<role>};
     * the city's when the county is unknown.
     */
    public String countyBody(String countyCode, String role) {
        return (countyCode != null ? countyCode : city) + "-" + role;
    }

    /**
     * The grid's handler to add as co-handler of a dispute of this category whose standard address has
     * this grid; empty when the policy names no grid handler for the category, or the grid is unknown
     * or not usable as a name.
     */
    public java.util.Optional<String> gridCoHandler(Category category, String gridCode) {
        GridCoHandler grid = policy.grid();
        if (grid == null || grid.categories() == null || gridCode == null || !GRID_CODE.matcher(gridCode).matches()) {
            return java.util.Optional.empty();
        }
        boolean named = grid.categories().contains(ALL_CATEGORIES) || grid.categories().contains(category.name());
        return named ? java.util.Optional.of(GRID_HANDLER_PREFIX + gridCode) : java.util.Optional.empty();
    }

    /** The display name of a grid's handler, {@code <grid code><name>} (网格员 unless the policy says). */
    public String gridHandlerName(String gridCode) {
        String name = policy.grid() == null || policy.grid().name() == null ? "网格员" : policy.grid().name();
        return gridCode + name;
    }

    public Map<String, String> roles() {
        return policy.roles() == null ? Map.of() : policy.roles();
    }

    public Decision decide(Facts facts) {
        return decide(facts, java.util.Set.of());
    }

    /**
     * As {@link #decide(Facts)}, skipping rules whose handler is excluded (handlers that returned the
     * dispute): the next rule that applies is taken instead.
     */
    public Decision decide(Facts facts, java.util.Set<String> excludedHandlers) {
        Map<String, String> values = new HashMap<>();
        values.put("city", city);
        values.put("county", facts.countyCode());
        values.put("township", facts.townshipCode());
        for (Rule rule : policy.rules()) {
            if (!matches(rule.when(), facts)) {
                continue;
            }
            String handler = fill(rule.handler(), values);
            if (handler != null && !excludedHandlers.contains(handler)) {
                String reason = rule.id() + (rule.description() == null ? "" : ": " + rule.description());
                return new Decision(handler, rule.id(), reason);
            }
        }
        throw new IllegalStateException(FILE + " has no rule for " + facts
                + "; end the policy with a rule that always applies (e.g. the city triage desk)");
    }

    private static boolean matches(When when, Facts facts) {
        if (when == null) {
            return true;
        }
        return anyOf(when.category(), facts.category()) && anyOf(when.source(), facts.sourceSystem())
                && anyOf(when.county(), facts.countyCode()) && anyOf(when.township(), facts.townshipCode())
                && anyOf(when.method(), facts.method());
    }

    private static <T> boolean anyOf(List<T> allowed, T value) {
        return allowed == null || allowed.isEmpty() || allowed.contains(value);
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                return null;
            }
            m.appendReplacement(out, value);
        }
        m.appendTail(out);
        return out.toString();
    }
}
