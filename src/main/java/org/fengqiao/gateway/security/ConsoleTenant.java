package org.fengqiao.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The staff console's client at the county's identity provider (quarkus-oidc's authorization code
 * flow), made from {@code gateway.staff.oidc.*} for the console's paths only, and only where the issuer
 * is set: a tenant given in configuration would need its provider's address in every profile, and
 * would stop the start without one. Every other path, and every path where no issuer is set, falls
 * to quarkus-oidc's default tenant, which is off: the API's bearer tokens stay smallrye-jwt's.
 *
 * <p>The provider sends the browser back to {@code /console/} (one redirect URI to register), which
 * returns it to the page it asked for; the session's cookie is the console's alone (path
 * {@code /console}). The ID token names the person and their handler ({@link TokenHandlerAugmentor}).
 */
@ApplicationScoped
public class ConsoleTenant implements TenantConfigResolver {

    static final String TENANT = "console";

    @Inject
    StaffConfig staff;
    @Inject
    ConsoleSignIn signIn;

    private volatile OidcTenantConfig tenant;

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext context, OidcRequestContext<OidcTenantConfig> request) {
        if (!signIn.identityProviderOn() || !ConsoleSignIn.isConsolePath(context.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(tenant());
    }

    private OidcTenantConfig tenant() {
        if (tenant == null) {
            StaffConfig.Oidc oidc = staff.oidc();
            var builder = OidcTenantConfig.authServerUrl(oidc.issuer().orElseThrow())
                    .tenantId(TENANT)
                    .clientId(oidc.clientId())
                    .applicationType(io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType.WEB_APP)
                    .authentication()
                    .redirectPath("/console/")
                    .restorePathAfterRedirect(true)
                    .cookiePath("/console")
                    .scopes("profile")
                    .end();
            oidc.clientSecret().ifPresent(builder::credentials);
            tenant = builder.build();
        }
        return tenant;
    }
}
