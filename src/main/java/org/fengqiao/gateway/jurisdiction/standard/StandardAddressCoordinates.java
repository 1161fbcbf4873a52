package org.fengqiao.gateway.jurisdiction.standard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.jurisdiction.CoordinateLookup;

/**
 * A WGS-84 point to the nearest loaded standard address within {@code max-distance} (300 m), unless
 * an address of another township is about as near (within {@code ambiguity-margin}, 50 m, of the
 * nearest): then the point lies between townships and the answer lists them instead of choosing.
 *
 * <p>Without PostGIS or H2's spatial index, the same way on both databases: a box around the point
 * through the B-tree index on (generation, lat_band, longitude), a band at a time (StandardAddressBook),
 * nearest first by a flat measure, then
 * the exact great-circle distance here for the few rows that come back. At a county's density a box of
 * 600 m holds a few hundred addresses; the {@value #ROWS} nearest are enough to find the nearest of
 * each township around the point.
 */
@ApplicationScoped
public class StandardAddressCoordinates implements CoordinateLookup {

    /** Rows the box query returns at most (public for the benchmark). */
    public static final int ROWS = 200;
    private static final double EARTH_RADIUS_METRES = 6_371_008.8;

    @Inject
    StandardAddressBook book;
    @Inject
    CoordinatesConfig config;

    @Override
    public PointMatch at(double latitude, double longitude) {
        double radius = config.maxDistance();
        double dLat = Math.toDegrees(radius / EARTH_RADIUS_METRES);
        double dLon = dLat / Math.max(Math.cos(Math.toRadians(latitude)), 0.01);
        StandardAddress nearest = null;
        double nearestDistance = Double.MAX_VALUE;
        // The nearest distance of each township's addresses around the point.
        Map<String, Double> townships = new LinkedHashMap<>();
        for (StandardAddress a : book.near(latitude, longitude, dLat, dLon, ROWS)) {
            if (a.latitude() == null || a.longitude() == null) continue;
            double d = distance(latitude, longitude, a.latitude().doubleValue(), a.longitude().doubleValue());
            if (d > radius) continue;
            townships.merge(a.townshipCode(), d, Math::min);
            if (d < nearestDistance) {
                nearest = a;
                nearestDistance = d;
            }
        }
        if (nearest == null) return PointMatch.nothing();
        List<String> comparable = new ArrayList<>();
        comparable.add(nearest.townshipCode());
        for (var t : townships.entrySet()) {
            if (!t.getKey().equals(nearest.townshipCode()) && t.getValue() <= nearestDistance + config.ambiguityMargin()) {
                comparable.add(t.getKey());
            }
        }
        return comparable.size() > 1 ? PointMatch.between(comparable.stream().sorted().toList())
                : PointMatch.of(nearest.code());
    }

    /** Metres between two WGS-84 points on the sphere (haversine): exact enough within a few kilometres. */
    static double distance(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
