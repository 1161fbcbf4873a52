package org.fengqiao.gateway.intake.polling;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the polled-source template accepts when a route is made from it: the settings a route file
 * passes, often from gateway.sources.* properties. A value a round could not use stops the start
 * naming the parameter and the property, not the first round after the gateway reported itself up.
 */
class PolledSourceTemplateTest {

    CamelContext camel;

    @BeforeEach
    void camel() {
        camel = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty("gateway.sources.x.poll-interval", "30s");
        properties.setProperty("gateway.sources.x.bare", "30");
        properties.setProperty("gateway.sources.x.page-size", "0");
        camel.getPropertiesComponent().setInitialProperties(properties);
    }

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    private Map<String, Object> route(String name, String value) {
        // As the template gives them: its defaults, then the route file's.
        Map<String, Object> parameters = new HashMap<>(Map.of("source", "X_SOURCE", "interval", "30s",
                "maxBackoff", "10m", "leaseTime", "PT90S", "timeout", "10s", "pageSize", "50", "maxPages", "20",
                "delay", "5000", "autoStartup", "true"));
        parameters.put(name, value);
        return parameters;
    }

    @Test
    void usableSettingsPass() {
        assertThatCode(() -> PolledSourceTemplate.check(camel,
                route("interval", "{{gateway.sources.x.poll-interval}}"))).doesNotThrowAnyException();
        assertThatCode(() -> PolledSourceTemplate.check(camel, route("timeout", "1m30s"))).doesNotThrowAnyException();
    }

    @Test
    void anUnusableSettingIsNamedWithItsProperty() {
        assertThatThrownBy(() -> PolledSourceTemplate.check(camel, route("interval", "{{gateway.sources.x.bare}}")))
                .hasMessage("polled-source route of X_SOURCE: parameter interval (gateway.sources.x.bare) = '30'"
                        + " is not a positive duration with a unit, such as 30s, 1m30s or PT30S");
        assertThatThrownBy(() -> PolledSourceTemplate.check(camel, route("pageSize", "{{gateway.sources.x.page-size}}")))
                .hasMessageContaining("parameter pageSize (gateway.sources.x.page-size) = '0' is not a whole number");
        assertThatThrownBy(() -> PolledSourceTemplate.check(camel, route("maxBackoff", "soon")))
                .hasMessageContaining("parameter maxBackoff = 'soon' is not a positive duration");
        assertThatThrownBy(() -> PolledSourceTemplate.check(camel, route("leaseTime", "-PT1S")))
                .hasMessageContaining("parameter leaseTime = '-PT1S'");
        assertThatThrownBy(() -> PolledSourceTemplate.check(camel, route("autoStartup", "yes")))
                .hasMessageContaining("parameter autoStartup = 'yes' is neither true nor false");
    }
}
