package org.fengqiao.gateway.jurisdiction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The gazetteer (generated from the NBS division codes, in the jar) and the resolver built on it. */
@ApplicationScoped
public class JurisdictionBeans {

    @Produces
    @Singleton
    Gazetteer gazetteer() {
        return Gazetteer.loadDefault();
    }

    @Produces
    @Singleton
    JurisdictionResolver resolver(Gazetteer gazetteer) {
        return new JurisdictionResolver(gazetteer);
    }
}
