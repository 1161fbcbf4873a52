package org.fengqiao.gateway.intake.police;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.health.api.Wellness;
import org.fengqiao.gateway.intake.polling.PollingRounds;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether the police platform answers, at /q/health/well. A wellness check, not readiness: the
 * gateway keeps serving every other source while one source is down.
 */
@Wellness
@ApplicationScoped
public class PolicePollerHealth implements HealthCheck {

    /** The route id of routes/police.yaml's templatedRoute. */
    public static final String ROUTE = "police-risk-poll";

    @Inject
    PollingRounds rounds;

    @Override
    public HealthCheckResponse call() {
        var poller = rounds.state(ROUTE);
        var response = HealthCheckResponse.named("police-risk-platform")
                .status(poller.consecutiveFailures() == 0)
                .withData("consecutiveFailures", poller.consecutiveFailures());
        poller.lastSuccessAt().ifPresent(t -> response.withData("lastSuccessAt", t.toString()));
        poller.nextAttemptAt().ifPresent(t -> response.withData("nextAttemptAt", t.toString()));
        poller.lastFailure().ifPresent(f -> response.withData("lastFailure", f));
        return response.build();
    }
}
