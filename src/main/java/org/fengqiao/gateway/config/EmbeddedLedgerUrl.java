package org.fengqiao.gateway.config;

import java.nio.file.Path;
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

/**
 * Derives the embedded H2 ledger URL from {@code gateway.data-dir}, made absolute: H2 refuses
 * implicitly relative paths such as {@code data/ledger}, and GATEWAY_DATA_DIR=data must work like
 * ./data. Its ordinal sits above application.properties and below environment variables, so
 * QUARKUS_DATASOURCE_EMBEDDED_JDBC_URL still overrides it.
 */
public class EmbeddedLedgerUrl implements ConfigSourceFactory {

    static final String URL_KEY = "quarkus.datasource.embedded.jdbc.url";
    private static final long H2_DEFAULT_RETENTION_MILLIS = 45_000;
    private static final long MIN_JOURNALLED_RETENTION_MILLIS = 5_000;
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

    /**
     * How long H2 keeps a chunk of its file that newer chunks have replaced before it writes over it:
     * until the newer ones are surely on the disk. H2's default, 45 s, assumes nobody syncs the file.
     * With the broker journal as the ledger's log (ledger.LedgerJournal) its checkpoint syncs the file
     * every {@code gateway.ledger.journal.checkpoint-interval}, so five of those (at least 5 s) are
     * as safe, and under load the file stays a half to a quarter of the size (BENCHMARKS.md): 45 s of
     * replaced chunks is most of a busy ledger's file. H2 keeps the setting in the database, so
     * without the journal the default is written back explicitly.
     */
    private static String retention(ConfigSourceContext context) {
        if (!Boolean.parseBoolean(valueOr(context, "gateway.ledger.journal.enabled", "true"))) {
            return ";RETENTION_TIME=" + H2_DEFAULT_RETENTION_MILLIS;
        }
        long checkpointMillis = DurationConverter
                .parseDuration(valueOr(context, "gateway.ledger.journal.checkpoint-interval", "PT1S")).toMillis();
        long retention = Math.max(MIN_JOURNALLED_RETENTION_MILLIS, 5 * checkpointMillis);
        return ";RETENTION_TIME=" + Math.min(retention, Integer.MAX_VALUE);
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
