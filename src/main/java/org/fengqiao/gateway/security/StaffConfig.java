package org.fengqiao.gateway.security;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Staff sign-in. */
@ConfigMapping(prefix = "gateway.staff")
public interface StaffConfig {

    /** HTTP Basic against the handler realm: on in dev, test and local; off in prod unless set. */
    @WithDefault("false")
    boolean basicEnabled();

    /** The JWT claim naming the handler a person acts for. */
    @WithDefault("handler_id")
    String handlerClaim();

    /** Expected issuer of staff JWTs (mp.jwt.verify.issuer). */
    Optional<String> jwtIssuer();

    /** The staff console's sign-in through the county's identity provider. */
    Oidc oidc();

    /**
     * The OIDC authorization code flow for the staff console, on when the issuer is set; the person's
     * handler is the ID token's {@link #handlerClaim()}, as on the API's tokens.
     */
    interface Oidc {

        /** The identity provider's issuer URL (its discovery document is under it); unset: form sign-in. */
        Optional<String> issuer();

        /** The console's client id at the identity provider. */
        @WithDefault("fengqiao-console")
        String clientId();

        /** The console's client secret at the identity provider (a secret: required once the issuer is set). */
        Optional<String> clientSecret();
    }
}
