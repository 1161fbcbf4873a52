package org.fengqiao.gateway.config;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.RuntimeExpressionException;
import org.apache.camel.spi.Language;
import org.apache.camel.support.ExpressionAdapter;

/**
 * The Camel language {@value #NAME}: a JSON object from {@link BodyFields} lines, so that a route file
 * declares a body a source expects without Java, e.g. a polled source's receipt:
 *
 * <pre>
 * - setBody:
 *     language:
 *       language: jsonBody
 *       expression: |
 *         recordNo: ${variable.recordId}
 *         receivedBy: 枫桥网关
 * </pre>
 *
 * A line that is not {@code name: template} fails the route's creation, so the start.
 */
@ApplicationScoped
@Named(JsonBodyLanguage.NAME)
public class JsonBodyLanguage implements Language {

    public static final String NAME = "jsonBody";

    @Inject
    ObjectMapper json;

    @Override
    public Expression createExpression(String expression) {
        Map<String, String> fields = BodyFields.parse(expression, NAME + ": ");
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                try {
                    return json.writeValueAsString(BodyFields.evaluate(fields, exchange.getContext(), exchange));
                } catch (JsonProcessingException e) {
                    throw new RuntimeExpressionException(e);
                }
            }

            @Override
            public String toString() {
                return NAME + ":" + fields.keySet();
            }
        };
    }

    @Override
    public Predicate createPredicate(String expression) {
        throw new UnsupportedOperationException(NAME + " builds a body; it is no predicate");
    }
}
