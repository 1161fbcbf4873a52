package org.fengqiao.gateway.startup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Path;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.SmallRyeConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.quarkus.main.events.AfterConfigure;
import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.apache.camel.spi.Resource;
import org.eclipse.microprofile.config.Config;
import org.fengqiao.gateway.broker.BrokerConfig;
import org.fengqiao.gateway.intake.mapped.MappedSourceAdapter;
import org.fengqiao.gateway.intake.polling.PolledSourceTemplate;
import org.fengqiao.gateway.privacy.PiiConfig;
import org.fengqiao.gateway.routing.HandlerDirectory;
import org.fengqiao.gateway.security.RealmConfig;
import org.fengqiao.gateway.security.SourceAuthentication;
import org.fengqiao.gateway.security.SourceSecurityConfig;
import org.fengqiao.gateway.config.GatewayConfig;

/**
 * Configuration mistakes the framework cannot see, found at start: each stops the start with one
 * message (a {@link ConfigurationException} without a cause, which Quarkus prints as its message
 * alone) naming the file or key, the bad value and what is allowed.
 *
 * <p>Secrets: every one must be set; outside the dev, test and local profiles (which hold the
 * development values) none may equal a development value. The development values are read from the
 * profile-prefixed keys of the configuration itself, so a secret added there is checked here too.
 *
 * <p>Source files: what a route in routes/ refers to must exist (the source a route maps with,
 * the credential of its endpoint path), and every source defined in config/sources/ needs a
 * credential, but for a source the gateway polls (it pushes nothing to be authenticated).
 */
@ApplicationScoped
public class StartChecks {

    /** The profiles that carry the development credentials. */
    public static final Set<String> DEVELOPMENT_PROFILES = Set.of("dev", "test", "local");
    static final String DEVELOPMENT_OPERATOR_PASSWORD = "dev-operator";
    private static final Pattern SECRET_KEY = Pattern.compile(
            "gateway\\.(security\\.sources\\.[^.]+\\.secret|pii\\.index-key|pii\\.keys|broker\\.password"
                    + "|operator\\.password|handlers\\.[^.]+\\.password|sources\\.[^.]+\\.file-authorization)");
    private static final Pattern TO_DRAFT = Pattern.compile("toDraft\\('([^']*)'");
    private static final Pattern TO_EVALUATION = Pattern.compile("toEvaluation\\('([^']*)'");

    @Inject
    Config config;
    @Inject
    SourceSecurityConfig sources;
    @Inject
    PiiConfig pii;
    @Inject
    BrokerConfig broker;
    @Inject
    RealmConfig realm;
    @Inject
    HandlerDirectory handlers;
    @Inject
    org.fengqiao.gateway.routing.RoutingPolicy routingPolicy;
    @Inject
    org.fengqiao.gateway.routing.CategoryClassifier categories;
    @Inject
    org.fengqiao.gateway.supervision.DeadlinePolicy deadlines;
    @Inject
    MappedSourceAdapter mappedSources;
    @Inject
    jakarta.enterprise.inject.Instance<org.fengqiao.gateway.intake.OwnCredentialSource> ownCredentials;
    /**
     * Every mapping, so that each is registered and checked at start even where no bean reads it yet
     * (Quarkus registers the mappings that are injected); with the root {@code gateway} mapped, a
     * gateway.* key that maps to none of them stops the start naming the key, its file and line.
     */
    @Inject
    GatewayConfig gateway;
    @Inject
    org.fengqiao.gateway.security.StaffConfig staff;
    @Inject
    org.fengqiao.gateway.supervision.SupervisionConfig supervision;
    @Inject
    org.fengqiao.gateway.ledger.MetricsConfig metrics;
    @Inject
    org.fengqiao.gateway.ledger.LedgerConfig ledger;
    @Inject
    org.fengqiao.gateway.delivery.DeliveryConfig delivery;
    @Inject
    org.fengqiao.gateway.feedback.FeedbackConfig feedback;
    @Inject
    org.fengqiao.gateway.intake.SourcesConfig sourceSettings;
    @Inject
    org.fengqiao.gateway.limits.LimitsConfig limits;

    /**
     * Before Camel configures anything: the embedded broker starts from the same event (its users
     * need these passwords), so this observer runs first.
     */
    void checkSecrets(@Observes @Priority(1) BeforeConfigure event) {
        List<String> problems = secretProblems();
        if (!problems.isEmpty()) {
            throw new ConfigurationException(secretsMessage(problems));
        }
        readFiles();
    }

    /**
     * The beans that read config/ are created here, so that a mistake in a file stops the start now:
     * created later, from Camel's context-starting event, the failure is logged and ignored by Camel;
     * created at StartupEvent, the scheduler has begun and its jobs fail loudly while the start unwinds.
     */
    void readFiles() {
        routingPolicy.city();
        handlers.allHandlerIds();
        categories.classify("", null, null, null, null);
        deadlines.calendar();
        mappedSources.definedSources();
    }

    List<String> secretProblems() {
        boolean development = isDevelopmentProfile();
        Set<String> developmentValues = development ? Set.of() : developmentValues();
        List<String> problems = new ArrayList<>();
        for (var source : new TreeSet<>(sources.sources().keySet())) {
            if (sources.sources().get(source).path().isEmpty()) {
                continue; // a stray entry of an environment variable (SourceSecurityConfig.SourceCredential#path)
            }
            check(problems, "gateway.security.sources.\"" + source + "\".secret",
                    sources.sources().get(source).secret(), developmentValues);
        }
        check(problems, "gateway.pii.index-key", pii.indexKey().orElse(""), developmentValues);
        List<String> keys = pii.keys().orElse(List.of());
        if (keys.isEmpty()) {
            problems.add(missing("gateway.pii.keys"));
        } else if (keys.stream().anyMatch(developmentValues::contains)) {
            problems.add(developmentValue("gateway.pii.keys"));
        }
        if (pii.activeKey().isEmpty()) {
            problems.add(missing("gateway.pii.active-key"));
        }
        check(problems, "gateway.broker.password", broker.password().orElse(""), developmentValues);
        // A file server's credential is optional, but never the published one.
        for (var source : new TreeSet<>(sourceSettings.byName().keySet())) {
            String authorization = sourceSettings.byName().get(source).fileAuthorization().orElse("");
            if (!authorization.isBlank() && developmentValues.contains(authorization)) {
                problems.add(developmentValue("gateway.sources." + source + ".file-authorization"));
            }
        }
        // The console's client at the identity provider is confidential: the code flow's token request
        // and the session cookie's encryption both need its secret.
        if (staff.oidc().issuer().filter(issuer -> !issuer.isBlank()).isPresent()) {
            check(problems, "gateway.staff.oidc.client-secret", staff.oidc().clientSecret().orElse(""),
                    developmentValues);
        }
        // The realm's passwords serve the embedded broker's users and Basic sign-in; outside the
        // development profiles they have no fallback where either is in use.
        if (!development && (broker.url().isEmpty() || staff.basicEnabled())) {
            check(problems, "gateway.operator.password", realm.operator().password().orElse(""),
                    union(developmentValues, Set.of(DEVELOPMENT_OPERATOR_PASSWORD)));
            List<String> unset = new ArrayList<>();
            List<String> published = new ArrayList<>();
            for (String id : handlers.allHandlerIds()) {
                // Looked up by name: a map key read from an environment variable loses its quotes and
                // dashes (GATEWAY_HANDLERS__3306_TRIAGE__PASSWORD), a lookup by name does not.
                String password = config.getOptionalValue("gateway.handlers.\"" + id + "\".password", String.class)
                        .orElse("");
                if (password.isBlank()) {
                    unset.add(id);
                } else if (developmentValues.contains(password) || password.equals("dev-" + id)) {
                    published.add(id);
                }
            }
            // One line per kind, not one per handler: a county has a hundred and more.
            String key = "gateway.handlers.\"<id>\".password (GATEWAY_HANDLERS__<ID>__PASSWORD, - in an id as _)";
            if (!unset.isEmpty()) {
                problems.add(key + ": missing for " + unset.size() + " handler(s): " + String.join(", ", unset));
            }
            if (!published.isEmpty()) {
                problems.add(key + ": the published development value for " + published.size() + " handler(s): "
                        + String.join(", ", published));
            }
        }
        return problems;
    }

    String secretsMessage(List<String> problems) {
        String profiles = String.join(",", profiles());
        StringBuilder out = new StringBuilder("The gateway does not start in profile '").append(profiles)
                .append("': set these secrets (as properties or as the environment variables shown)");
        if (!isDevelopmentProfile()) {
            out.append(", or try it on this machine with -Dquarkus.profile=local");
        }
        out.append(':');
        problems.forEach(p -> out.append("\n  ").append(p));
        return out.toString();
    }

    /**
     * Once Camel has loaded the routes and REST endpoints, before it starts them (and before the
     * scheduler, whose jobs would fail loudly while a later failed start unwinds).
     */
    void checkSourceFiles(@Observes AfterConfigure event, CamelContext camel, MappedSourceAdapter mapped,
            org.fengqiao.gateway.ledger.EarlyMigration ledger) throws InterruptedException {
        List<String> problems = sourceFileProblems(camel, mapped);
        if (!problems.isEmpty()) {
            ledger.awaitOpened();
            throw new ConfigurationException("The gateway does not start: its source files disagree:\n  "
                    + String.join("\n  ", problems));
        }
    }

    List<String> sourceFileProblems(CamelContext camel, MappedSourceAdapter mapped) {
        List<String> problems = new ArrayList<>();
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        Set<String> defined = mapped.definedSources();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            List<BeanDefinition> beans = new ArrayList<>();
            collectBeans(route.getOutputs(), beans);
            for (BeanDefinition bean : beans) {
                if (!"mappedSources".equals(bean.getRef()) || bean.getMethod() == null) {
                    continue;
                }
                Matcher m = TO_DRAFT.matcher(bean.getMethod());
                if (m.find() && !defined.contains(m.group(1))) {
                    problems.add(where(route.getResource()) + ": route " + route.getRouteId() + ": source '"
                            + m.group(1) + "' in " + bean.getMethod() + " is not defined in "
                            + mapped.sourcesFolder() + "; defined: " + defined);
                }
                // Without this, a route naming a source with no evaluation section fails only on the
                // first evaluation a source sends.
                Matcher e = TO_EVALUATION.matcher(bean.getMethod());
                if (e.find() && mapped.evaluationSchemaFileOf(e.group(1)).isEmpty()) {
                    problems.add(where(route.getResource()) + ": route " + route.getRouteId() + ": source '"
                            + e.group(1) + "' in " + bean.getMethod() + " has no evaluation section in "
                            + mapped.sourcesFolder());
                }
            }
        }
        Map<String, SourceSecurityConfig.SourceCredential> credentials = sources.sources();
        Set<String> paths = new TreeSet<>();
        credentials.values().stream().filter(c -> !c.path().isEmpty()).forEach(c -> paths.add(c.path()));
        for (RestDefinition rest : model.getRestDefinitions()) {
            String path = rest.getPath();
            if (path == null || !path.startsWith(SourceAuthentication.SOURCES_PATH)) {
                continue;
            }
            String segment = path.substring(SourceAuthentication.SOURCES_PATH.length()).split("/", 2)[0];
            if (!paths.contains(segment)) {
                problems.add(where(rest.getResource()) + ": rest " + rest.getId() + ": path " + path
                        + " has no credential: no gateway.security.sources.\"<SOURCE>\".path is '" + segment
                        + "'; paths with a credential: " + paths);
            }
        }
        Set<String> noCredential = new HashSet<>(PolledSourceTemplate.polledSources(camel).values());
        if (ownCredentials != null) {
            ownCredentials.forEach(own -> noCredential.add(own.sourceSystem()));
        }
        for (String source : defined) {
            if (!credentials.containsKey(source) && !noCredential.contains(source)) {
                String key = "gateway.security.sources.\"" + source + "\"";
                problems.add(mapped.definitionFile(source) + " defines source " + source + ", but it has no credential:"
                        + " set " + key + ".path, " + key + ".mode (hmac or api-key) and " + key + ".secret ("
                        + envName(key + ".secret") + "), e.g. in " + Path.of("config", "application.properties"));
            }
        }
        for (var entry : new java.util.TreeMap<>(credentials).entrySet()) {
            if (entry.getValue().path().isEmpty()) {
                continue;
            }
            String mode = entry.getValue().mode();
            if (!"hmac".equals(mode) && !"api-key".equals(mode)) {
                problems.add("gateway.security.sources.\"" + entry.getKey() + "\".mode = '" + mode
                        + "': allowed: hmac, api-key");
            }
        }
        return problems;
    }

    private static void collectBeans(List<ProcessorDefinition<?>> outputs, List<BeanDefinition> into) {
        for (ProcessorDefinition<?> output : outputs) {
            if (output instanceof BeanDefinition bean) {
                into.add(bean);
            }
            collectBeans(output.getOutputs(), into);
        }
    }

    private static String where(Resource resource) {
        return resource == null || resource.getLocation() == null ? "a route"
                : resource.getLocation().replaceFirst("^file:", "");
    }

    private void check(List<String> problems, String key, String value, Set<String> developmentValues) {
        if (value == null || value.isBlank()) {
            problems.add(missing(key));
        } else if (developmentValues.contains(value)) {
            problems.add(developmentValue(key));
        }
    }

    private static String missing(String key) {
        return key + " (" + envName(key) + "): missing";
    }

    private static String developmentValue(String key) {
        return key + " (" + envName(key) + "): has the published development value";
    }

    /** The environment variable SmallRye Config reads for a key: gateway.pii.keys -> GATEWAY_PII_KEYS. */
    public static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private List<String> profiles() {
        return config.unwrap(SmallRyeConfig.class).getProfiles();
    }

    public boolean isDevelopmentProfile() {
        return profiles().stream().anyMatch(DEVELOPMENT_PROFILES::contains);
    }

    /**
     * The values the development profiles give to secrets, as written in the configuration's sources
     * ({@code %dev,test,local.gateway.pii.index-key=...}, in application.properties or
     * config/application.properties), each element of a list on its own.
     */
    private Set<String> developmentValues() {
        Set<String> values = new HashSet<>();
        for (var source : config.getConfigSources()) {
            for (String name : source.getPropertyNames()) {
                if (!name.startsWith("%") || name.indexOf('.') < 0) {
                    continue;
                }
                Set<String> profiles = Set.of(name.substring(1, name.indexOf('.')).split(","));
                String key = name.substring(name.indexOf('.') + 1);
                if (profiles.stream().anyMatch(DEVELOPMENT_PROFILES::contains) && SECRET_KEY.matcher(key).matches()) {
                    String value = source.getValue(name);
                    if (value != null) {
                        for (String part : value.split(",")) {
                            if (!part.isBlank()) {
                                values.add(part.trim());
                            }
                        }
                    }
                }
            }
        }
        return values;
    }

    private static Set<String> union(Collection<String> a, Collection<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }
}
