package org.fengqiao.gateway.observability;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The switch a deployment turns tracing on with; spans handed to the exporter at once. */
public class TracingOn implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "PT0.1S");
    }
}
