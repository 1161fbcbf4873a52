package org.fengqiao.gateway.support;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts WireMock with the stubs in the project's mappings/ folder (and their body files in __files/): the
 * external systems' outbound APIs and the grid platform's file server, exactly as the compose simulators
 * and developers use them.
 */
public class WireMockSimulators implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                // The folder holding mappings/ (the project root unless -Dgateway.mappings-root says otherwise).
                .usingFilesUnderDirectory(System.getProperty("gateway.mappings-root", ".")));
        server.start();
        String base = "http://127.0.0.1:" + server.port();
        // One WireMock plays every source's outbound API; their paths do not overlap.
        return Map.of("gateway.sources.hotline.base-url", base,
                "gateway.sources.police.base-url", base,
                "gateway.sources.court.base-url", base,
                "gateway.sources.petition.base-url", base,
                "gateway.sources.grid-worker.base-url", base,
                "gateway.sources.grid-worker.file-urls", base + "/files/grid/");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    public static WireMockServer server() {
        return server;
    }
}
