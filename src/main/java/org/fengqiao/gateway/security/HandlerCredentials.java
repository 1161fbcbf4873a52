package org.fengqiao.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fengqiao.gateway.routing.HandlerDirectory;

/**
 * The staff realm of the embedded default, shared by the REST API and the embedded broker: each
 * handler is a user named by its handler id, with {@code gateway.handlers."<id>".password} or else
 * the development password {@code dev-<id>}; the {@code operator} user runs the gateway (dead
 * letters, re-encryption) and sees no case contents.
 */
@ApplicationScoped
public class HandlerCredentials {

    public static final String OPERATOR = "operator";
    static final String DEVELOPMENT_OPERATOR_PASSWORD = "dev-operator";

    @Inject
    HandlerDirectory handlers;
    @Inject
    Config config;
    @Inject
    RealmConfig realm;
    @ConfigProperty(name = "gateway.operator.password", defaultValue = DEVELOPMENT_OPERATOR_PASSWORD)
    String operatorPassword;

    public static String developmentPassword(String handlerId) {
        return "dev-" + handlerId;
    }

    public Optional<String> passwordOf(String user) {
        if (OPERATOR.equals(user)) {
            return Optional.of(operatorPassword);
        }
        if (!handlers.isKnown(user)) {
            return Optional.empty();
        }
        return Optional.of(configured(user).orElse(developmentPassword(user)));
    }

    /**
     * The grids' handlers (网格员, {@code GRID-<grid code>}) given a password, by handler id: a grid
     * handler is no handler of the region (the grids come with the standard addresses, not the
     * gazetteer), so it has no development password; it is a broker user for its notices only where
     * one is configured.
     */
    public java.util.Map<String, String> gridHandlerPasswords() {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        realm.handlers().forEach((id, handler) -> {
            if (id.startsWith(org.fengqiao.gateway.routing.RoutingPolicy.GRID_HANDLER_PREFIX)) {
                handler.password().ifPresent(p -> out.put(id, p));
            }
        });
        return out;
    }

    public boolean verify(String user, String password) {
        Optional<String> expected = passwordOf(user);
        // Compare even for unknown users, so timing does not tell which users exist.
        byte[] given = password.getBytes(StandardCharsets.UTF_8);
        byte[] wanted = expected.orElse("\u0000unknown").getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, wanted) && expected.isPresent();
    }

    public boolean usesDevelopmentPasswords() {
        return DEVELOPMENT_OPERATOR_PASSWORD.equals(operatorPassword)
                || handlers.allHandlerIds().stream().anyMatch(id -> configured(id).isEmpty());
    }

    private Optional<String> configured(String handlerId) {
        return config.getOptionalValue("gateway.handlers.\"" + handlerId + "\".password", String.class);
    }
}
