package org.fengqiao.gateway.limits;

import java.time.Duration;

import org.fengqiao.gateway.problem.ServiceUnavailableException;

/**
 * The client closed its connection while its request waited for a worker thread: the route refuses
 * it before any work. It is answered 503 in case the client is still listening; nothing was stored.
 */
public class AbandonedRequestException extends ServiceUnavailableException {

    public AbandonedRequestException() {
        super(new org.fengqiao.gateway.problem.Text("limits.abandoned"), Duration.ofSeconds(1), null);
    }

    /** Counted by gateway.requests.abandoned instead: a flood of clients giving up would log a line each. */
    @Override
    public boolean worthAWarning() {
        return false;
    }
}
