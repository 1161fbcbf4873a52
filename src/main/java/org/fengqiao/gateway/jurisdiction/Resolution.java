package org.fengqiao.gateway.jurisdiction;

import java.util.List;
import java.util.Objects;

/**
 * The township of jurisdiction decided for one address. Codes and names are null where unknown;
 * {@code candidates} lists the options a person has to choose between, empty when there is no choice.
 */
public record Resolution(String townshipCode, String townshipName, String countyCode, String countyName,
                         String villageCode, String villageName, ResolutionMethod method, double confidence,
                         List<Candidate> candidates) {

    public Resolution {
        Objects.requireNonNull(method, "method");
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
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
