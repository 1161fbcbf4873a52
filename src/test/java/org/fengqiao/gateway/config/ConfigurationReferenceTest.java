package org.fengqiao.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md documents every gateway.* key the @ConfigMapping interfaces define, and no
 * other; every gateway.* key the shipped properties files set is one of them.
 */
class ConfigurationReferenceTest {

    static final List<Class<?>> MAPPINGS = List.of(GatewayConfig.class,
            org.fengqiao.gateway.broker.BrokerConfig.class, org.fengqiao.gateway.ledger.LedgerConfig.class,
            org.fengqiao.gateway.ledger.DatabaseConfig.class, org.fengqiao.gateway.ledger.MetricsConfig.class,
            org.fengqiao.gateway.delivery.DeliveryConfig.class, org.fengqiao.gateway.feedback.FeedbackConfig.class,
            org.fengqiao.gateway.limits.LimitsConfig.class, org.fengqiao.gateway.privacy.PiiConfig.class,
            org.fengqiao.gateway.intake.LinkingConfig.class, org.fengqiao.gateway.intake.SourcesConfig.class,
            org.fengqiao.gateway.handling.HandlingConfig.class, org.fengqiao.gateway.delivery.EventsConfig.class,
            org.fengqiao.gateway.supervision.SupervisionConfig.class,
            org.fengqiao.gateway.security.StaffConfig.class, org.fengqiao.gateway.security.RealmConfig.class,
            org.fengqiao.gateway.security.SourceSecurityConfig.class, org.fengqiao.gateway.console.ConsoleConfig.class,
            org.fengqiao.gateway.attachment.AttachmentsConfig.class,
            org.fengqiao.gateway.statistics.StatisticsConfig.class, org.fengqiao.gateway.warning.WarningsConfig.class,
            org.fengqiao.gateway.open311.Open311Config.class, org.fengqiao.gateway.assessment.AssessmentConfig.class,
            org.fengqiao.gateway.jurisdiction.JurisdictionConfig.class,
            org.fengqiao.gateway.jurisdiction.standard.CoordinatesConfig.class,
            org.fengqiao.gateway.backfill.BackfillConfig.class);

    private static final Pattern DOCUMENTED = Pattern.compile("^\\| `(gateway\\.[^`]+)`", Pattern.MULTILINE);
    private static final Pattern PROPERTY = Pattern.compile("^(?:%[\\w,]+\\.)?(gateway\\.[^=\\s]+)\\s*=",
            Pattern.MULTILINE);

    @Test
    void everyKeyIsDocumentedAndEveryDocumentedKeyExists() throws IOException {
        Set<String> known = known();
        Set<String> documented = new TreeSet<>();
        Matcher m = DOCUMENTED.matcher(Files.readString(Path.of("docs", "configuration.md")));
        while (m.find()) {
            documented.add(normalise(m.group(1)));
        }
        assertThat(documented).as("documented in docs/configuration.md but not a key").isSubsetOf(known);
        assertThat(known).as("keys missing from docs/configuration.md").isSubsetOf(documented);
    }

    @Test
    void everyShippedKeyIsAKnownKey() throws IOException {
        Set<String> known = known();
        for (Path file : List.of(Path.of("src", "main", "resources", "application.properties"),
                Path.of("config", "application.properties"))) {
            Matcher p = PROPERTY.matcher(Files.readString(file));
            while (p.find()) {
                String key = p.group(1);
                assertThat(known).as(file + ": " + key + " is no known key").anyMatch(k -> matches(k, key));
            }
        }
    }

    @Test
    void theCheckSeesAMistake() {
        assertThat(matches("gateway.security.sources.*.secret", "gateway.security.sources.\"PETITION\".secret"))
                .isTrue();
        assertThat(known().stream().anyMatch(k -> matches(k, "gateway.broker.pasword"))).isFalse();
    }

    static Set<String> known() {
        Set<String> known = new TreeSet<>();
        for (Class<?> mapping : MAPPINGS) {
            collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, known);
        }
        return known;
    }

    /** Placeholders ("<SOURCE>", <name>, "<id>") as *. */
    static String normalise(String key) {
        return key.replaceAll("\"<[^>]+>\"|<[^>]+>", "*");
    }

    static boolean matches(String known, String key) {
        String regex = Pattern.quote(known).replace("*", "\\E(?:\"[^\"]+\"|[^.\"]+)\\Q");
        return key.matches(regex);
    }

    private static void collect(String prefix, Class<?> type, Set<String> into) {
        for (Method method : type.getMethods()) {
            if (method.isDefault() || method.getParameterCount() > 0 || method.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = method.isAnnotationPresent(WithName.class) ? method.getAnnotation(WithName.class).value()
                    : kebab(method.getName());
            String key = method.isAnnotationPresent(WithParentName.class) ? prefix : prefix + "." + name;
            Type returned = method.getGenericReturnType();
            if (returned instanceof ParameterizedType p && p.getRawType() == Map.class) {
                Type value = p.getActualTypeArguments()[1];
                if (value instanceof Class<?> c && c.isInterface()) {
                    collect(key + ".*", c, into);
                } else {
                    into.add(key + ".*");
                }
            } else if (method.getReturnType().isInterface()
                    && method.getReturnType().getName().startsWith("org.fengqiao")) {
                collect(key, method.getReturnType(), into);
            } else {
                into.add(key);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
