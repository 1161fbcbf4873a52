package org.fengqiao.gateway.intake;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/**
 * Per source, by the name its route gives ({@code admit('<name>', *)}, or the {@code {{...}}}
 * placeholders of a polled source's templatedRoute): the external API feedback goes to, the limits of
 * what it pushes, and how a polled source is polled. Typed, so a bad value stops the start naming its
 * key; the polled-source template checks the values it is given again (intake.polling.PolledSourceTemplate).
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

        /**
         * The source's file server: the URL prefixes under which it keeps the files it sends by reference
         * (its definition's {@code attachments: {url: ..., file-server: <name>}}). The gateway fetches
         * from nowhere else.
         */
        Optional<List<String>> fileUrls();

        /** The {@code Authorization} header the source's file server wants, if it wants one (a secret). */
        Optional<String> fileAuthorization();

        Optional<Double> rateLimit();

        Optional<Integer> rateBurst();

        // A polled source's settings, which its route file passes to the polled-source template.

        /** Whether this gateway polls the source at all (the polling route's autoStartup). */
        Optional<Boolean> enabled();

        /** Time between polling rounds; also the first back-off. */
        Optional<Duration> pollInterval();

        /** Items asked for per page. */
        Optional<Integer> pageSize();

        /** Pages read in one round when the source has a backlog. */
        Optional<Integer> maxPagesPerRound();

        /** Connect and response timeout of each call to the source. */
        Optional<Duration> timeout();

        /** Upper bound of the back-off while the source is failing. */
        Optional<Duration> maxBackoff();

        /**
         * How long the polling lease lasts without renewal: when the instance that polls dies, another
         * takes over after at most this long. Keep it above the poll interval.
         */
        Optional<Duration> leaseTime();
    }
}
