package org.fengqiao.gateway.canonical;

/** How risky a dispute is, lowest first: the order is what "raising" a level compares. */
public enum RiskLevel {
    LOW, MEDIUM, HIGH;

    /** The higher of this level and {@code other}: a rule may raise the level, never lower it. */
    public RiskLevel raisedTo(RiskLevel other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
