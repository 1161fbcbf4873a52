package org.fengqiao.gateway.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.quarkus.security.identity.SecurityIdentity;
import org.fengqiao.gateway.security.StaffCaller;
import org.fengqiao.gateway.security.StaffIdentity;
import org.fengqiao.gateway.warning.RiskWarnings;

/**
 * The header's 风险预警 link, on every page a centre sees, with the count of its area's open
 * warnings: the base template asks this bean ({@code inject:warningNav}), so no page has to.
 */
@Named("warningNav")
@RequestScoped
public class WarningNav {

    @Inject
    SecurityIdentity identity;
    @Inject
    RiskWarnings warnings;

    private Integer open;

    private StaffCaller caller() {
        return identity.isAnonymous() ? null : StaffIdentity.callerOf(identity);
    }

    /** Whether the signed-in handler is a county's or the city's centre. */
    public boolean centre() {
        return warnings.reads(caller());
    }

    /** Its area's open warnings. */
    public int open() {
        if (open == null) {
            open = centre() ? warnings.openCount(caller()) : 0;
        }
        return open;
    }
}
