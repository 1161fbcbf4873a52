package org.fengqiao.gateway.handling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.fengqiao.gateway.delivery.EventQueueGuard;
import org.fengqiao.gateway.handling.HandlingRoutes;

/**
 * Ready only while handler events on {@code dispute.events} can be taken: the event route's consumer
 * runs, the mover of oversized messages is connected, and the queue moves (see
 * {@link EventQueueGuard#stalled()}).
 */
@Readiness
@ApplicationScoped
public class EventQueueHealth implements HealthCheck {

    static final String NAME = "handler-events";

    @Inject
    EventQueueGuard guard;
    @Inject
    CamelContext camel;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named(NAME).withData("rolledBack", guard.failures());
        ServiceStatus route = camel.getRouteController().getRouteStatus(HandlingRoutes.JMS_ROUTE);
        if (route != ServiceStatus.Started) {
            return health.down().withData("reason", "the events consumer is " + route).build();
        }
        if (!guard.moverConnected()) {
            return health.down().withData("reason", "the mover of oversized events is not connected").build();
        }
        try {
            String stalled = guard.stalled();
            return stalled == null ? health.up().build() : health.down().withData("reason", stalled).build();
        } catch (Exception e) {
            return health.down().withData("reason", "the queue could not be asked: " + e.getClass().getSimpleName())
                    .build();
        }
    }
}
