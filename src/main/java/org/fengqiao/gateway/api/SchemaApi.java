package org.fengqiao.gateway.api;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.fengqiao.gateway.intake.mapped.MappedSourceAdapter;
import org.fengqiao.gateway.problem.NotFoundException;
import org.fengqiao.gateway.problem.Text;

/**
 * Publishes the canonical dispute schema, and each source's inbound schema, at stable URLs:
 * {@code /api/v1/schemas/canonical-dispute-v1.json}, {@code /api/v1/schemas/handler-event.json} (what
 * handlers send, over REST or JMS) and {@code /api/v1/schemas/sources/<name>.json}
 * (the few built-in message schemas from the classpath, the sources' own from beside their
 * definitions in {@code config/sources/}).
 */
@ApplicationScoped
public class SchemaApi extends RouteBuilder {

    private static final Pattern SOURCE_SCHEMA_NAME = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)*\\.json");

    @Inject
    MappedSourceAdapter mappedSources;

    private byte[] canonical;
    private byte[] handlerEvent;

    @Override
    public void configure() throws Exception {
        canonical = resource("schemas/canonical-dispute-v1.json");
        handlerEvent = resource("schemas/handler-event.json");
        rest("/api/v1/schemas")
                .get("/canonical-dispute-v1.json").id("rest-canonical-schema").to("direct:canonical-schema")
                .get("/handler-event.json").id("rest-handler-event-schema").to("direct:handler-event-schema")
                .get("/sources/{name}").id("rest-source-schema").to("direct:source-schema");
        from("direct:canonical-schema").routeId("canonical-schema").process(e -> serve(e, canonical));
        from("direct:handler-event-schema").routeId("handler-event-schema").process(e -> serve(e, handlerEvent));
        from("direct:source-schema").routeId("source-schema").process(e -> {
            String name = e.getMessage().getHeader("name", String.class);
            byte[] schema = SOURCE_SCHEMA_NAME.matcher(name).matches() ? resource("schemas/sources/" + name) : null;
            if (schema == null && SOURCE_SCHEMA_NAME.matcher(name).matches()) {
                // A source defined by configuration files keeps its schema beside its definition.
                var file = mappedSources.schemaFile(name);
                schema = file.isPresent() ? Files.readAllBytes(file.get()) : null;
            }
            if (schema == null) {
                throw new NotFoundException(new Text("schema.none", name));
            }
            serve(e, schema);
        });
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
            return in == null ? null : in.readAllBytes();
        }
    }
}
