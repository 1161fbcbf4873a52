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
}
