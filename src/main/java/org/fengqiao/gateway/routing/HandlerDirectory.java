package org.fengqiao.gateway.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.jurisdiction.Gazetteer;

/**
 * Display names of handlers: a township is named from the gazetteer (诸暨市店口镇); a county body or
 * one of the region's area (the city, or the province of a province-wide deployment) {@code <code>-<ROLE>}
 * from the area's name and the role names in the routing policy.
 */
@ApplicationScoped
public class HandlerDirectory {

    @Inject
    Gazetteer gazetteer;
    @Inject
    RoutingPolicy policy;

    public String nameOf(String handlerId) {
        if (handlerId.startsWith(RoutingPolicy.GRID_HANDLER_PREFIX)) {
            return policy.gridHandlerName(handlerId.substring(RoutingPolicy.GRID_HANDLER_PREFIX.length()));
        }
        int dash = handlerId.indexOf('-');
        if (dash < 0) {
            return gazetteer.township(handlerId)
                    .map(t -> gazetteer.countyName(t.parentCode()).orElse("") + t.name())
                    .orElse(handlerId);
        }
        String area = handlerId.substring(0, dash);
        String role = handlerId.substring(dash + 1);
        String areaName = area.equals(gazetteer.areaCode()) ? gazetteer.area().name()
                : gazetteer.countyName(area).orElse(area);
        return areaName + policy.roles().getOrDefault(role, role);
    }

    /** Every handler of the region: its townships, and each county's and the region's area's bodies. */
    public java.util.List<String> allHandlerIds() {
        java.util.List<String> ids = new java.util.ArrayList<>();
        gazetteer.townships().forEach(t -> ids.add(t.code()));
        java.util.List<String> areas = new java.util.ArrayList<>();
        gazetteer.counties().forEach(c -> areas.add(c.code()));
        areas.add(gazetteer.areaCode());
        for (String area : areas) {
            for (String role : policy.roles().keySet()) {
                ids.add(area + "-" + role);
            }
        }
        return ids;
    }

    /**
     * A township of the region, or a county's or the area's body with a role the policy names. Not a
     * grid's handler: it is told of disputes as co-handler and never holds one (no event of its counts).
     */
    public boolean isKnown(String handlerId) {
        if (handlerId == null) {
            return false;
        }
        int dash = handlerId.indexOf('-');
        if (dash < 0) {
            return gazetteer.township(handlerId).isPresent();
        }
        String area = handlerId.substring(0, dash);
        boolean knownArea = area.equals(gazetteer.areaCode()) || gazetteer.county(area).isPresent();
        return knownArea && policy.roles().containsKey(handlerId.substring(dash + 1));
    }
}
