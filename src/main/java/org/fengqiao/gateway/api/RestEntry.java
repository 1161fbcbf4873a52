package org.fengqiao.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.fengqiao.gateway.limits.InFlightRequests;
import org.fengqiao.gateway.problem.ProblemResponses;
import org.fengqiao.gateway.security.SourceAuthentication;

/**
 * What every REST call passes before its route, Java or YAML: the language of its answers is noted,
 * it takes up its place at the door (a source request whose client has gone is refused there), then
 * the caller's credentials are checked. A route configuration without an id, so Camel applies it to
 * every route, those loaded from routes/ included; a refusal here is answered by the error policy
 * ({@link ProblemResponses}) like any other.
 */
@ApplicationScoped
public class RestEntry extends RouteConfigurationBuilder {

    @Inject
    Instance<InFlightRequests> door;
    @Inject
    Instance<SourceAuthentication> sourceAuthentication;

    @Override
    public void configuration() {
        routeConfiguration()
                .interceptFrom("rest:*")
                    .process(ProblemResponses::chooseLanguage)
                    .process(exchange -> door.get().enter(exchange))
                    .process(exchange -> sourceAuthentication.get().process(exchange))
                .end();
    }
}
