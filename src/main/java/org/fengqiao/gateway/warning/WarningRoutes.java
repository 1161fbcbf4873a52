package org.fengqiao.gateway.warning;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.configuration.DurationConverter;
import org.apache.camel.builder.RouteBuilder;

/**
 * The warning rounds on Camel timers: the arrivals round every couple of seconds, behind the intake
 * rather than in its commit; the scheduled round every few minutes. Each round takes its lease
 * first, so one instance of several does the work. {@code off} leaves a route stopped (the tests run
 * the rounds when they say).
 */
@ApplicationScoped
public class WarningRoutes extends RouteBuilder {

    static final String ARRIVALS_ROUTE = "warnings-arrivals";
    static final String SCHEDULE_ROUTE = "warnings-schedule";

    @Inject
    WarningsConfig config;
    @Inject
    WarningRounds rounds;

    @Override
    public void configure() {
        timer(ARRIVALS_ROUTE, config.arrivalInterval(), "2s", "5s", () -> rounds.quietly("arrivals", rounds::arrivals));
        timer(SCHEDULE_ROUTE, config.scheduleInterval(), "5m", "60s", () -> rounds.quietly("schedule", rounds::scheduled));
    }

    /** @param usual the period of a route that is off, should it be started by hand */
    private void timer(String id, String interval, String usual, String delay, Runnable round) {
        boolean on = !"off".equalsIgnoreCase(interval.strip());
        long period = DurationConverter.parseDuration(on ? interval.strip() : usual).toMillis();
        long wait = DurationConverter.parseDuration(delay).toMillis();
        from("timer:" + id + "?period=" + Math.max(period, 100) + "&delay=" + wait + "&fixedRate=false")
                .routeId(id).autoStartup(on)
                .process(exchange -> round.run());
    }
}
