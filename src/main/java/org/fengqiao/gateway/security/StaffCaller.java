package org.fengqiao.gateway.security;

/**
 * Who called a staff endpoint: a handler (a township, a mediation body, a county's triage desk or
 * centre, a task force) by its id, or the operator; and the person signed in for it, recorded on
 * the acts they do.
 */
public record StaffCaller(String id, String person) {

    public static final String PROPERTY = "gatewayStaffCaller";

    public boolean operator() {
        return HandlerCredentials.OPERATOR.equals(id);
    }

    /** The area a county- or city-level body is responsible for ({@code 330681} of {@code 330681-TRIAGE}). */
    String area() {
        int dash = id.indexOf('-');
        return dash < 0 ? null : id.substring(0, dash);
    }

    String role() {
        int dash = id.indexOf('-');
        return dash < 0 ? null : id.substring(dash + 1);
    }

    /** A county's centre, or the city's ({@code 3306-CENTRE}). */
    public boolean centre() {
        return "CENTRE".equals(role());
    }

    /**
     * The county whose disputes this triage desk or centre oversees; empty for the city's bodies,
     * which oversee every county of the city (all the ledger holds), and for anyone else.
     */
    public java.util.Optional<String> overseenCounty(String cityCode) {
        String area = area();
        boolean overseer = "TRIAGE".equals(role()) || "CENTRE".equals(role());
        return overseer && area != null && !area.equals(cityCode) ? java.util.Optional.of(area)
                : java.util.Optional.empty();
    }

    /** A county's triage desk or centre reads every dispute of its county (the city's: of the city). */
    public boolean overseesArea(String countyCode, String cityCode) {
        String area = area();
        if (area == null || !("TRIAGE".equals(role()) || "CENTRE".equals(role()))) {
            return false;
        }
        return area.equals(cityCode) || area.equals(countyCode);
    }
}
