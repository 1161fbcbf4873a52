package org.fengqiao.gateway.jurisdiction;

import java.util.Optional;

/**
 * The standard address (its code: township and village) at a point, for a report that gives only
 * coordinates (an Open311 request's lat/long). The intake then resolves that code as any other
 * standard address code. Standard addresses with coordinates are not loaded into this gateway yet: a
 * bean implementing this interface is where they come in; until then {@link NoCoordinateLookup}
 * answers that no address is known at any point, and such a report goes to the triage desk.
 */
public interface CoordinateLookup {

    /** The code of the standard address at (or nearest to, within its own tolerance) WGS-84 lat/long. */
    Optional<String> standardAddressCodeAt(double latitude, double longitude);
}
