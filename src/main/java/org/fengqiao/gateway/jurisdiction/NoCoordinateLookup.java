package org.fengqiao.gateway.jurisdiction;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/**
 * Without standard addresses that carry coordinates, a point alone names no township: the report is
 * resolved by its address text if it has one, else it goes to the triage desk. Any other
 * {@link CoordinateLookup} bean replaces this one.
 */
@ApplicationScoped
@DefaultBean
public class NoCoordinateLookup implements CoordinateLookup {

    @Override
    public Optional<String> standardAddressCodeAt(double latitude, double longitude) {
        return Optional.empty();
    }
}
