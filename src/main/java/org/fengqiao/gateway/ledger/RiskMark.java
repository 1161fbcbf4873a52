package org.fengqiao.gateway.ledger;

import java.util.EnumSet;
import java.util.Set;

import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.RiskLevel;

/**
 * What the county centre filters its list by ({@code dispute_risk_mark}), the marks the clerk's
 * 待办 shows: a group matter (the source's or the category's {@code GROUP} flag), a red risk (level
 * {@code HIGH}), and a repeat (linked to the same matter from another source). Kept beside the
 * document because the document's risk and links cannot be searched in SQL.
 */
public enum RiskMark {
    GROUP, HIGH, REPEAT;

    public static Set<RiskMark> of(CanonicalDispute dispute) {
        Set<RiskMark> marks = EnumSet.noneOf(RiskMark.class);
        if (dispute.risk() != null) {
            if (dispute.risk().flags() != null && dispute.risk().flags().contains(GROUP.name())) {
                marks.add(GROUP);
            }
            if (dispute.risk().level() == RiskLevel.HIGH) {
                marks.add(HIGH);
            }
        }
        if (dispute.related() != null && !dispute.related().isEmpty()) {
            marks.add(REPEAT);
        }
        return marks;
    }
}
