package org.fengqiao.gateway.open311;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The Open311 GeoReport v2 facade ({@code /open311/v2/}): its clients and what a list may hold.
 * Every client has its own API key; its requests are its own (another client's key neither files
 * as it nor reads them).
 */
@ConfigMapping(prefix = "gateway.open311")
public interface Open311Config {

    /** By client name (lower-case letters, digits and -, at most 32): gateway.open311.clients.<name>.*. */
    Map<String, Client> clients();

    /** Most requests one GET requests answers with (newest first). */
    @WithDefault("200")
    int maxResults();

    /** Without start_date or end_date, GET requests covers this long back from now (the standard's 90 days). */
    @WithDefault("P90D")
    Duration defaultWindow();

    /**
     * The facade's public address as discovery announces it (https://gateway.example.org/open311/v2/);
     * unset, it is made from the request's Host.
     */
    Optional<String> publicUrl();

    interface Client {
        /** How people read the client (the dispute's channel: Open311 + this); the name when unset. */
        Optional<String> displayName();

        /** The client's API key itself: a secret (GATEWAY_OPEN311_CLIENTS__<NAME>__API_KEY). */
        Optional<String> apiKey();

        /** Or only its SHA-256 (hex), so that the configuration does not hold the key. */
        Optional<String> apiKeySha256();
    }
}
