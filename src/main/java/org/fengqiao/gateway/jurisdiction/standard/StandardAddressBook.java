package org.fengqiao.gateway.jurisdiction.standard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.jboss.logging.Logger;

/**
 * The loaded standard addresses, read from the ledger's database (they belong there, not in the
 * heap: a county's file has millions). Every lookup reads the generation std_address_current names
 * in the same statement, so a replacement committed meanwhile is seen whole or not at all.
 */
@ApplicationScoped
public class StandardAddressBook {

    private static final Logger LOG = Logger.getLogger(StandardAddressBook.class);
    /** How long "nothing loaded" is believed before the database is asked again. */
    private static final long NOTHING_LOADED_RECHECK_NANOS = 1_000_000_000L;

    static final String COLUMNS = "a.code, a.address, a.county_code, a.township_code, a.village_code,"
            + " a.grid_code, a.micro_grid_code, a.longitude, a.latitude";
    /** The lookup by code, as every case makes it (public for the benchmark). */
    public static final String BY_CODE = "select " + COLUMNS + " from std_address a"
            + " where a.generation = (select generation from std_address_current where id = 1) and a.code = ?";
    private static final String RETIRED = "select a.code, a.address, a.county_code, a.township_code,"
            + " a.village_code, a.grid_code, a.micro_grid_code, null, null from std_address_retired a where a.code = ?";
    /** The lookup by normalised text (public for the benchmark). */
    public static final String BY_KEY = "select " + COLUMNS + " from std_address a"
            + " where a.generation = (select generation from std_address_current where id = 1)"
            + " and a.address_key = ? order by a.code fetch first 3 rows only";

    /** Bands of latitude per degree: a band is 0.002 degrees, about 222 m (V24). */
    static final int BANDS_PER_DEGREE = 500;

    /** The band of a latitude as std_address.lat_band holds it: floor(latitude * 500). */
    public static int band(BigDecimal latitude) {
        return latitude.multiply(BigDecimal.valueOf(BANDS_PER_DEGREE))
                .setScale(0, RoundingMode.FLOOR).intValueExact();
    }

    @Inject
    LedgerDatabase database;

    private volatile long nothingLoadedSince = Long.MIN_VALUE;

    /** The standard address with this code, current or retired; empty also when the database cannot answer. */
    public Optional<StandardAddress> byCode(String code) {
        if (nothingLoaded()) return Optional.empty();
        try (Connection c = database.connection()) {
            List<StandardAddress> found = query(c, BY_CODE, code);
            if (found.isEmpty()) found = query(c, RETIRED, code);
            return found.stream().findFirst();
        } catch (SQLException e) {
            LOG.warnf("Standard address lookup failed, the gazetteer decides (%s)", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** The current standard addresses whose lookup key is {@code key}: at most three, enough to tell one from many. */
    public List<StandardAddress> byKey(String key) {
        if (key.isEmpty() || nothingLoaded()) return List.of();
        try (Connection c = database.connection()) {
            return query(c, BY_KEY, key);
        } catch (SQLException e) {
            LOG.warnf("Standard address lookup failed, the gazetteer decides (%s)", e.getClass().getSimpleName());
            return List.of();
        }
    }

    /**
     * The current standard addresses with a position within {@code dLat} and {@code dLon} degrees of the
     * point, nearest first (by degrees of latitude, longitudes scaled by the cosine of the latitude), at
     * most {@code limit}; empty also when the database cannot answer.
     */
    public List<StandardAddress> near(double latitude, double longitude, double dLat, double dLon, int limit) {
        if (nothingLoaded()) return List.of();
        try (Connection c = database.connection();
                PreparedStatement s = near(c, latitude, longitude, dLat, dLon, limit)) {
            return read(s);
        } catch (SQLException e) {
            LOG.warnf("Standard address lookup by position failed (%s)", e.getClass().getSimpleName());
            return List.of();
        }
    }

    /**
     * The statement of {@link #near(double, double, double, double, int)} (public for the benchmark): one
     * branch per band of latitude the box covers, each an equality on the band and a range of longitudes
     * on ix_std_address_position, so that no band is read beyond the box's longitudes (a range on the band
     * would read all of them), then nearest first by the box's own flat measure.
     */
    public static PreparedStatement near(Connection c, double latitude, double longitude, double dLat, double dLon,
            int limit) throws SQLException {
        BigDecimal south = degrees(latitude - dLat);
        BigDecimal north = degrees(latitude + dLat);
        int first = band(south);
        int last = band(north);
        StringBuilder sql = new StringBuilder("select n.* from (");
        for (int b = first; b <= last; b++) {
            if (b > first) sql.append(" union all ");
            sql.append("select ").append(COLUMNS).append(" from std_address a")
                    .append(" where a.generation = (select generation from std_address_current where id = 1)")
                    .append(" and a.lat_band = ? and a.longitude between ? and ? and a.latitude between ? and ?");
        }
        sql.append(") n order by (n.latitude - ?) * (n.latitude - ?) + (n.longitude - ?) * (n.longitude - ?) * ?")
                .append(" fetch first ").append(limit).append(" rows only");
        PreparedStatement s = c.prepareStatement(sql.toString());
        try {
            int i = 1;
            for (int b = first; b <= last; b++) {
                s.setInt(i++, b);
                s.setBigDecimal(i++, degrees(longitude - dLon));
                s.setBigDecimal(i++, degrees(longitude + dLon));
                s.setBigDecimal(i++, south);
                s.setBigDecimal(i++, north);
            }
            s.setDouble(i++, latitude);
            s.setDouble(i++, latitude);
            s.setDouble(i++, longitude);
            s.setDouble(i++, longitude);
            s.setDouble(i, Math.pow(Math.cos(Math.toRadians(latitude)), 2));
            return s;
        } catch (SQLException e) {
            s.close();
            throw e;
        }
    }

    /** As the columns hold them (6 decimals), so that the comparison is the column's own, on its index. */
    private static BigDecimal degrees(double value) {
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN);
    }

    /**
     * True when no generation was ever made current. Asked at most once a second, so that a gateway
     * without standard addresses pays nothing per case; a first load is used within that second.
     */
    private boolean nothingLoaded() {
        long since = nothingLoadedSince;
        if (since == Long.MAX_VALUE) return false;
        long now = System.nanoTime();
        if (since != Long.MIN_VALUE && now - since < NOTHING_LOADED_RECHECK_NANOS) return true;
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("select 1 from std_address_current where id = 1");
                ResultSet rs = s.executeQuery()) {
            boolean loaded = rs.next();
            nothingLoadedSince = loaded ? Long.MAX_VALUE : now;
            return !loaded;
        } catch (SQLException e) {
            LOG.warnf("Standard addresses not checked, the gazetteer decides (%s: %s)", e.getClass().getSimpleName(),
                    e.getSQLState());
            nothingLoadedSince = now;
            return true;
        }
    }

    private static List<StandardAddress> query(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, value);
            return read(s);
        }
    }

    private static List<StandardAddress> read(PreparedStatement s) throws SQLException {
        List<StandardAddress> out = new ArrayList<>(2);
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new StandardAddress(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getBigDecimal(8),
                        rs.getBigDecimal(9)));
            }
        }
        return out;
    }
}
