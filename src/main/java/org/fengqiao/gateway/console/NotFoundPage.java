package org.fengqiao.gateway.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import org.fengqiao.gateway.routing.HandlerDirectory;
import org.fengqiao.gateway.security.StaffCaller;

/**
 * What a centre's page answers a signed-in handler it is not for: the same as a page that does not
 * exist, so that the answer does not tell which pages a centre has.
 */
@ApplicationScoped
class NotFoundPage {

    @Inject
    HandlerDirectory handlers;
    @Inject
    @Location("console/not-found.html")
    Template page;

    Response answer(StaffCaller caller) {
        // The page's type given, as the export's answers may be negotiated as a file's.
        return Response.status(404).entity(page.data("handlerName", handlers.nameOf(caller.id()))
                .data("person", caller.person()).data("overseer", false)).type(CentrePages.HTML).build();
    }
}
