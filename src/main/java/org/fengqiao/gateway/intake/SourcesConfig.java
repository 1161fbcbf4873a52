package org.fengqiao.gateway.intake;

import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/**
 * Per source, by the name its route gives ({@code admit('<name>', *)}): the external API feedback
 * goes to and the limits of what it pushes. (The police platform's polling: intake.police.PoliceSourceConfig.)
 */
@ConfigMapping(prefix = "gateway.sources")
public interface SourcesConfig {

    /** By source name: gateway.sources.<name>.base-url and so on. */
    @WithParentName
    Map<String, Source> byName();

    interface Source {
        /** The source system's API (feedback calls). */
        Optional<String> baseUrl();

        Optional<MemorySize> maxBodySize();

        Optional<Double> rateLimit();

        Optional<Integer> rateBurst();
    }
}
