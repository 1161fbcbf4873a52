package org.fengqiao.gateway.ledger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.fengqiao.gateway.ledger.DurabilityMode;

/**
 * Derives the embedded H2 ledger URL from {@code gateway.data-dir}, made absolute: H2 refuses
 * implicitly relative paths such as {@code data/ledger}, and GATEWAY_DATA_DIR=data must work like
 * ./data. Its ordinal sits above application.properties and below environment variables, so
 * QUARKUS_DATASOURCE_EMBEDDED_JDBC_URL still overrides it.
 */
public class EmbeddedLedgerUrl implements ConfigSourceFactory {

    static final String URL_KEY = "quarkus.datasource.embedded.jdbc.url";
    // H2's default write delay (its background thread stores and compacts the file); a durable
    // commit stores and syncs its changes (ledger.LedgerDatabase#transaction), so neither a
    // killed process nor a power loss loses an acknowledged dispute.
    // DB_CLOSE_ON_EXIT=FALSE: the datasource closes the database at shutdown, after the pollers stop.
    // QUERY_CACHE_SIZE=64: H2 keeps 8 parsed statements per connection by default, fewer than one
    // case uses, so it parsed the same SQL again for every case.
    // AUTO_COMPACT_FILL_RATE=0: H2's background compaction off; ledger.EmbeddedLedgerCompaction
    // does it at a steady pace instead (why: there).
    public static final String OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000"
            + ";DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64;AUTO_COMPACT_FILL_RATE=0";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Path ledger = Path.of(valueOr(context, "gateway.data-dir", "data")).toAbsolutePath().normalize()
                .resolve("ledger").resolve("fengqiao");
        // More H2 settings for the file (";NAME=value..."), e.g. to try one in the benchmark.
        String extraOptions = valueOr(context, "gateway.ledger.embedded.url-options", "");
        return List.of(new MapBackedConfigSource("gateway-embedded-ledger-url",
                Map.of(URL_KEY, "jdbc:h2:file:" + ledger + OPTIONS + retention(context) + cacheSize(context)
                        + extraOptions), 275) {
        });
    }

    /** H2's retention time for the mode the switch picks (why: {@link DurabilityMode#embeddedRetention}). */
    private static String retention(ConfigSourceContext context) {
        boolean journalled = Boolean.parseBoolean(valueOr(context, "gateway.ledger.journal.enabled", "true"));
        Duration checkpoint = DurationConverter
                .parseDuration(valueOr(context, "gateway.ledger.journal.checkpoint-interval", "PT1S"));
        return ";RETENTION_TIME=" + DurabilityMode.embeddedRetention(journalled, checkpoint).toMillis();
    }

    /**
     * H2's page cache, in KB as H2 takes it. It stays full in the heap at rest; H2's 16 MB default is
     * halved by application.properties: the heap left after a full collection was 55 MB instead of 62,
     * and the benchmark's CPU per case did not tell the two apart (resident memory: BENCHMARKS.md).
     * Its own setting, not one of the URL options: H2 refuses a URL that names a setting twice.
     */
    private static String cacheSize(ConfigSourceContext context) {
        MemorySize size = new MemorySizeConverter().convert(valueOr(context, "gateway.ledger.embedded.cache-size", "8M"));
        return ";CACHE_SIZE=" + Math.max(1, size.asLongValue() / 1024);
    }

    /** A setting as the sources below this one give it, or the fallback (application.properties' default). */
    private static String valueOr(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? fallback : value.getValue();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }
}
