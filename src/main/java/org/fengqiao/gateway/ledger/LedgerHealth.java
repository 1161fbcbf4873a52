package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the ledger database (whichever is in use) answers; says the delivery guarantee's
 * mode, so an operator sees which guarantee a running gateway gives (docs/delivery-guarantee.md).
 */
@Readiness
@ApplicationScoped
public class LedgerHealth implements HealthCheck {

    @Inject
    LedgerDatabase database;

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = database.connection()) {
            return HealthCheckResponse.named("ledger").status(connection.isValid(2))
                    .withData("durability", database.mode().name()).build();
        } catch (SQLException e) {
            return HealthCheckResponse.named("ledger").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
