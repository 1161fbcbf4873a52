package org.fengqiao.gateway.support;

import static io.restassured.RestAssured.given;

/** Reads one value from the Prometheus text at /q/metrics. */
public final class Metrics {

    private Metrics() {
    }

    /** The value of the first sample named {@code name} whose labels contain {@code labels}; 0 when absent. */
    public static double value(String name, String labels) {
        for (String line : given().get("/q/metrics").asString().split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labels) || line.startsWith(name + " ") && labels.isEmpty()) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
