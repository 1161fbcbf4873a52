package org.fengqiao.gateway.attachment;

import java.time.Duration;
import java.util.List;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/** What the gateway takes as an attachment of a dispute, and how it checks it. */
@ConfigMapping(prefix = "gateway.attachments")
public interface AttachmentsConfig {

    /** Largest file, whoever sends it (a source's inline attachments may have a lower limit of their own). */
    MemorySize maxSize();

    /**
     * The media types taken, as Tika names them or by one of their aliases ({@code audio/wav} is Tika's
     * {@code audio/vnd.wave}); decided from the bytes, never from the file's name.
     */
    List<String> allowedTypes();

    /** How long bytes wait for the act that refers to them before they are swept as an orphan. */
    Duration orphanGrace();

    /** How often orphans are swept ({@code off}: never). */
    String orphanSweepInterval();

    /** The virus scan: clamd's INSTREAM command over TCP. */
    Scan scan();

    /** Fetching the files sources send by reference, from their own file servers. */
    Fetch fetch();

    interface Fetch {

        /** How often due references are looked for (a Camel timer period, e.g. {@code 5s}). */
        String interval();

        /** References fetched in one round, oldest due first. */
        int batchSize();

        /** Wait after the first failed attempt; doubled after each further one, up to {@link #maxBackoff()}. */
        Duration firstBackoff();

        Duration maxBackoff();

        /** Attempts before a reference is given up as {@code FAILED}, its last reason kept. */
        int maxAttempts();

        /** How long one instance holds the fetcher's lease without renewing it (each round renews it). */
        Duration leaseTime();
    }

    interface Scan {

        /** Off by default. On, a file is taken only once clamd has answered that it is clean. */
        boolean enabled();

        String host();

        int port();

        /** For the connection and for clamd's answer; past it the file is refused (fail closed). */
        Duration timeout();
    }
}
