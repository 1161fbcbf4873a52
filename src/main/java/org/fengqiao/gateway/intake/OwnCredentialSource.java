package org.fengqiao.gateway.intake;

/**
 * A source defined by files whose callers prove themselves elsewhere than with a source credential
 * (gateway.security.sources.*): the Open311 facade's clients, each with its own api_key. The start
 * checks do not ask such a source for a credential it would never use.
 */
public interface OwnCredentialSource {

    /** The system id of the source, as its definition names it. */
    String sourceSystem();
}
