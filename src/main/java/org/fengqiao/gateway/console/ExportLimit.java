package org.fengqiao.gateway.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The most disputes one export may hold ({@code gateway.console.export-max-rows}). A bean of its own,
 * so that a test can lower it for one test (QuarkusMock) and show the refusal on the page without a
 * county's worth of disputes or a test profile of its own.
 */
@ApplicationScoped
class ExportLimit {

    @Inject
    ConsoleConfig config;

    int maxRows() {
        return config.exportMaxRows();
    }
}
