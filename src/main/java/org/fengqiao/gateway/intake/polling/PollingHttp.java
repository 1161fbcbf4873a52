package org.fengqiao.gateway.intake.polling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * The HTTP client of polled sources' calls (pages, receipts): no retries of its own. The client
 * would otherwise repeat a request on a 503 or a dropped connection by itself, hiding the source's
 * failure from the round's back-off and doubling the load on a source that is already struggling;
 * a failed round is read again from the cursor anyway.
 */
@ApplicationScoped
@Named("pollingHttp")
public class PollingHttp implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
    }
}
