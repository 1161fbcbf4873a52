package org.fengqiao.gateway.jurisdiction;

import java.util.List;
import java.util.Objects;

/**
 * The township of jurisdiction decided for one address. Codes and names are null where unknown;
 * {@code candidates} lists the options a person has to choose between, empty when there is no choice.
 * {@code standardAddressCode} and {@code gridCode} are set when a loaded standard address decided it.
 */
public record Resolution(String townshipCode, String townshipName, String countyCode, String countyName,
                         String villageCode, String villageName, ResolutionMethod method, double confidence,
                         List<Candidate> candidates, String standardAddressCode, String gridCode) {

    public Resolution {
        Objects.requireNonNull(method, "method");
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    /** Decided from the gazetteer alone: no standard address behind it. */
    public Resolution(String townshipCode, String townshipName, String countyCode, String countyName,
                      String villageCode, String villageName, ResolutionMethod method, double confidence,
                      List<Candidate> candidates) {
        this(townshipCode, townshipName, countyCode, countyName, villageCode, villageName, method, confidence,
                candidates, null, null);
    }

    /** True when the township of jurisdiction is known. */
    public boolean resolved() {
        return townshipCode != null;
    }

    /**
     * True when candidates are listed: the address points at several places, at a township that contradicts
     * its county, or at villages while the county is unknown.
     */
    public boolean ambiguous() {
        return !candidates.isEmpty();
    }
}
