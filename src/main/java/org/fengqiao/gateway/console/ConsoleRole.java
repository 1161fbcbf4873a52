package org.fengqiao.gateway.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.quarkus.security.identity.SecurityIdentity;
import org.fengqiao.gateway.security.StaffCaller;
import org.fengqiao.gateway.security.StaffIdentity;
import org.fengqiao.gateway.warning.RiskWarnings;

/**
 * The signed-in handler as the console sees it: who it is, for the pages, and what the header shows it
 * beyond what each page passes: {@code centre}, whether it is a county's or the city's centre (the
 * links to the centre's own pages, such as 统计看板 and 风险预警, that a triage desk does not have), and
 * the count of its area's open warnings beside 风险预警. Read in templates as {@code inject:consoleRole}.
 */
@Named("consoleRole")
@RequestScoped
public class ConsoleRole {

    @Inject
    SecurityIdentity identity;
    @Inject
    RiskWarnings warnings;

    private Integer openWarnings;

    /** The signed-in handler, or null where no one is signed in (the sign-in page's header). */
    public StaffCaller caller() {
        return identity.isAnonymous() ? null : StaffIdentity.callerOf(identity);
    }

    /** The signed-in handler of a page that needs one. */
    public StaffCaller signedIn() {
        StaffCaller caller = caller();
        if (caller == null) {
            // The path permission lets no one here unsigned; this guards a page reached some other way.
            throw new jakarta.ws.rs.NotAuthorizedException("sign in");
        }
        return caller;
    }

    /** Whether the signed-in handler is a county's or the city's centre. */
    public boolean centre() {
        StaffCaller caller = caller();
        return caller != null && caller.centre();
    }

    /** Its area's open warnings (none for anyone who does not read them), counted once a request. */
    public int openWarnings() {
        if (openWarnings == null) {
            openWarnings = warnings.openCount(caller());
        }
        return openWarnings;
    }
}
