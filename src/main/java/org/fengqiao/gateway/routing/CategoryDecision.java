package org.fengqiao.gateway.routing;

import org.fengqiao.gateway.canonical.Category;

/** The canonical category of a dispute and the rule that decided it. */
public record CategoryDecision(Category category, String rule) {
}
