package org.fengqiao.gateway.routing;

import java.util.List;

import org.fengqiao.gateway.canonical.Category;

/**
 * The canonical category of a dispute, the rule that decided it, and the risk flags the source's
 * own category carries (e.g. the police platform's 聚众上访 is a group risk whatever its category).
 */
public record CategoryDecision(Category category, String rule, List<String> riskFlags) {
}
