package org.fengqiao.gateway.problem;

import org.apache.camel.Exchange;

/**
 * Told of every refusal the error policy answers (401, 403). Security counts and logs them; the error
 * policy only answers, so it does not depend on how refusals are watched.
 */
public interface RefusalRecorder {

    /** {@code detail} is the problem's, never a value from the request. */
    void record(Exchange exchange, RefusalReason reason, String detail);
}
