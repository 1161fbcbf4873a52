package org.fengqiao.gateway.intake.polling;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether a polled source answers, at /q/health/well: one check per polling route, named after its
 * source ({@code polled-source <SOURCE>}), DOWN while the source's rounds fail, with the back-off
 * state of {@link PollingRounds}. A wellness check, not readiness: the gateway keeps serving every
 * other source while one source is down. Registered by {@link PollingRounds} for each route of the
 * polled-source template.
 */
final class PolledSourceHealth implements HealthCheck {

    private final PollingRounds rounds;
    private final String routeId;
    private final String name;

    PolledSourceHealth(PollingRounds rounds, String routeId, String name) {
        this.rounds = rounds;
        this.routeId = routeId;
        this.name = name;
    }

    @Override
    public HealthCheckResponse call() {
        var poller = rounds.state(routeId);
        var response = HealthCheckResponse.named(name)
                .status(poller.consecutiveFailures() == 0)
                .withData("route", routeId)
                .withData("consecutiveFailures", poller.consecutiveFailures());
        poller.lastSuccessAt().ifPresent(t -> response.withData("lastSuccessAt", t.toString()));
        poller.nextAttemptAt().ifPresent(t -> response.withData("nextAttemptAt", t.toString()));
        poller.lastFailure().ifPresent(f -> response.withData("lastFailure", f));
        return response.build();
    }
}
