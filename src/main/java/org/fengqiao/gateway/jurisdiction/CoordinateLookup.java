package org.fengqiao.gateway.jurisdiction;

import java.util.List;

/**
 * What the standard addresses say of a point, for a report that gives only coordinates (an Open311
 * request's lat/long): the standard address there, whose code the intake then resolves like any
 * source's; or the townships the point lies between, when their addresses are about as near, which is
 * no answer (the report goes to triage with them as candidates); or nothing. The gateway's lookup is
 * {@code jurisdiction.standard.StandardAddressCoordinates}, over the loaded standard addresses' positions;
 * a spatial database's could replace it.
 */
public interface CoordinateLookup {

    /** The standard address at (or nearest to, within the lookup's tolerance) a WGS-84 point. */
    PointMatch at(double latitude, double longitude);

    /**
     * The answer for one point: {@code standardAddressCode} when one address decides; otherwise the
     * townships (9-digit codes) whose addresses are comparably near, two or more, or none.
     */
    record PointMatch(String standardAddressCode, List<String> townshipCodes) {

        public PointMatch {
            townshipCodes = townshipCodes == null ? List.of() : List.copyOf(townshipCodes);
        }

        public static PointMatch nothing() {
            return new PointMatch(null, List.of());
        }

        public static PointMatch of(String standardAddressCode) {
            return new PointMatch(standardAddressCode, List.of());
        }

        public static PointMatch between(List<String> townshipCodes) {
            return new PointMatch(null, townshipCodes);
        }

        public boolean decided() {
            return standardAddressCode != null;
        }

        /** Two or more townships at comparable distance: the gateway does not choose between them. */
        public boolean ambiguous() {
            return standardAddressCode == null && townshipCodes.size() > 1;
        }
    }
}
