package org.fengqiao.gateway.feedback;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A route file's feedback declaration names handler events; a name that is none stops the start,
 * naming the declaration, the name and the events there are, before anything is registered.
 */
class FeedbackDeclarationsTest {

    @Test
    void anUnknownEventStopsTheDeclarationNamingIt() {
        Map<String, Object> parameters = Map.of("source", "GRID_WORKER", "kind", "RESULT",
                "events", "SIGNED, RESOLVD", "format", "json", "method", "POST", "path", "/result",
                "body", "cljg: ${variable.outcomeText}", "finalResult", "true", "awaitsEvaluation", "false");

        assertThatThrownBy(() -> new FeedbackDeclarations().declare(parameters))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feedback declaration GRID_WORKER-RESULT: events: 'RESOLVD' is not allowed; allowed: "
                        + "SIGNED, PROGRESS, RESOLVED, EXTENSION_REQUESTED, EXTENSION_APPROVED, EXTENSION_REFUSED, RETURNED, "
                        + "REASSIGNED, REJECTED, SUPERVISED");
    }
}
