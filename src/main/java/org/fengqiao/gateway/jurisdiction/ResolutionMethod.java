package org.fengqiao.gateway.jurisdiction;

/** How a {@link Resolution} was reached. */
public enum ResolutionMethod {
    /** The source's standard address code, found in the loaded standard addresses (or among their retired codes). */
    STANDARD_ADDRESS,
    /** The address text, normalised, is exactly one loaded standard address. */
    STANDARD_ADDRESS_TEXT,
    /** A 12-digit village or 9-digit township code of the city at the start of the standard address code. */
    STANDARD_ADDRESS_CODE,
    /** A township's official name, or an alias of it, in the address text. */
    TOWNSHIP_NAME,
    /** A village or community name found exactly once in the county. */
    VILLAGE_NAME,
    /** County known, township not: needs triage at county level. */
    COUNTY_ONLY,
    /** Neither county nor township known. */
    UNRESOLVED,
    /** The address or its codes lie outside the city. */
    OUTSIDE_REGION
}
