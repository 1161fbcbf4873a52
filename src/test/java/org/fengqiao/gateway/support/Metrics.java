package org.fengqiao.gateway.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The management interface of the gateway under test (health and metrics have their own port,
 * quarkus.management.test-port), and one value from the Prometheus text at its /q/metrics.
 */
public final class Metrics {

    private Metrics() {
    }

    /** The management port of the Quarkus test's gateway (Quarkus's default for tests is 9001). */
    public static int managementPort() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
    }

    /** The management interface's base URL, with a trailing slash. */
    public static String managementUrl() {
        return "http://localhost:" + managementPort() + "/";
    }

    /** A request to the management interface (/q/health, /q/metrics). */
    public static RequestSpecification management() {
        return given().port(managementPort());
    }

    /** The Prometheus text at /q/metrics. */
    public static String scrape() {
        return management().get("/q/metrics").asString();
    }

    /** The value of the first sample named {@code name} whose labels contain {@code labels}; 0 when absent. */
    public static double value(String name, String labels) {
        for (String line : scrape().split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labels) || line.startsWith(name + " ") && labels.isEmpty()) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
