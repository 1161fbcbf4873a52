package org.fengqiao.gateway.canonical;

import java.io.InputStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/** Publishes the canonical dispute schema (and the sources' inbound schemas) at stable URLs. */
@ApplicationScoped
public class SchemaApi extends RouteBuilder {

    private byte[] canonical;
    private byte[] hotline;

    @Override
    public void configure() throws Exception {
        canonical = resource("schemas/canonical-dispute-v1.json");
        hotline = resource("schemas/sources/hotline-work-order.json");
        rest("/api/v1/schemas")
                .get("/canonical-dispute-v1.json").id("rest-canonical-schema").to("direct:canonical-schema")
                .get("/sources/hotline-work-order.json").id("rest-hotline-schema").to("direct:hotline-schema");
        from("direct:canonical-schema").routeId("canonical-schema").process(e -> serve(e, canonical));
        from("direct:hotline-schema").routeId("hotline-schema").process(e -> serve(e, hotline));
    }

    private static void serve(Exchange exchange, byte[] schema) {
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, "application/schema+json;charset=UTF-8");
        message.setBody(schema);
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = SchemaApi.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
