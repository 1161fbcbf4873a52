package org.fengqiao.gateway.jurisdiction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The gazetteer of the configured region (generated from the NBS division codes, in the jar) and the
 * resolver built on it.
 */
@ApplicationScoped
public class JurisdictionBeans {

    @Produces
    @Singleton
    Gazetteer gazetteer(JurisdictionConfig config) {
        try {
            return Gazetteer.forRegion(config.region());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("gateway.jurisdiction.region = '" + config.region() + "': "
                    + e.getMessage());
        }
    }

    @Produces
    @Singleton
    JurisdictionResolver resolver(Gazetteer gazetteer) {
        return new JurisdictionResolver(gazetteer);
    }
}
