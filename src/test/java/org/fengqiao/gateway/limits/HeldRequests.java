package org.fengqiao.gateway.limits;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/** Test only: the step of test-routes/held-request.yaml that keeps a request in its route. */
@ApplicationScoped
@Named("heldRequests")
public class HeldRequests {

    private volatile CountDownLatch arrived = new CountDownLatch(1);
    private volatile CountDownLatch letGo = new CountDownLatch(1);
    private volatile HttpServerResponse response;
    private volatile int worked;

    public void hold(Exchange exchange) throws InterruptedException {
        response = exchange.getIn(HttpMessage.class).getResponse();
        worked++;
        arrived.countDown();
        letGo.await(30, TimeUnit.SECONDS);
    }

    void reset() {
        arrived = new CountDownLatch(1);
        letGo = new CountDownLatch(1);
        response = null;
        worked = 0;
    }

    boolean awaitArrival() throws InterruptedException {
        return arrived.await(10, TimeUnit.SECONDS);
    }

    /** The gateway has seen the held request's connection close. */
    boolean connectionClosed() {
        return response != null && response.closed();
    }

    void letGo() {
        letGo.countDown();
    }

    int worked() {
        return worked;
    }
}
