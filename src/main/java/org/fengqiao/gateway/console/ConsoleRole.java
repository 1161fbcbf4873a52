package org.fengqiao.gateway.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.quarkus.security.identity.SecurityIdentity;
import org.fengqiao.gateway.security.StaffCaller;
import org.fengqiao.gateway.security.StaffIdentity;

/**
 * What the header shows the signed-in handler beyond what each page passes: {@code centre}, whether it
 * is a county's or the city's centre (the links to the centre's own pages, such as 统计看板, that a
 * triage desk does not have). Read in templates as {@code inject:consoleRole}.
 */
@Named("consoleRole")
@RequestScoped
public class ConsoleRole {

    @Inject
    SecurityIdentity identity;

    public boolean centre() {
        StaffCaller caller = identity.isAnonymous() ? null : StaffIdentity.callerOf(identity);
        return caller != null && caller.centre();
    }
}
