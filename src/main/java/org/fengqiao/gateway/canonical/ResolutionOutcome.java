package org.fengqiao.gateway.canonical;

/**
 * How a handler's resolution (办结, {@link EventType#RESOLVED}) ended, as the handler reports it and
 * the ledger stores it (by name).
 */
public enum ResolutionOutcome {
    /** 调解成功: the parties reached an agreement. */
    MEDIATED("调解成功"),
    /** 调解未成功: mediation did not bring the parties together. */
    FAILED("调解未成功"),
    /** 申请人撤回: the applicant withdrew. */
    WITHDRAWN("申请人撤回");

    private final String displayName;

    ResolutionOutcome(String displayName) {
        this.displayName = displayName;
    }

    /** The words the sources use for it in a handling result. */
    public String displayName() {
        return displayName;
    }
}
