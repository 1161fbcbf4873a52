package org.fengqiao.gateway.open311;

import java.io.StringWriter;
import java.util.Iterator;
import java.util.Map;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.fengqiao.gateway.problem.HttpReplies;

/**
 * Open311's two formats for one answer: JSON as built, or XML with the standard's element names
 * (a list of services is {@code <services><service>...}, of requests
 * {@code <service_requests><request>...}, errors {@code <errors><error>...}).
 */
final class Open311Replies {

    /** The element of each item of a list, by the list's element. */
    private static final Map<String, String> ITEMS = Map.of(
            "services", "service",
            "service_requests", "request",
            "errors", "error",
            "attributes", "attribute",
            "values", "value",
            "endpoints", "endpoint",
            "formats", "format");

    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private Open311Replies() {
    }

    /** The format a path's file name asks for: xml for {@code .xml}, json for {@code .json} or none. */
    static String formatOf(String file) {
        return file != null && file.endsWith(".xml") ? "xml" : "json";
    }

    /** The name without its format suffix: {@code requests.json} is requests. */
    static String baseOf(String file) {
        if (file == null) {
            return "";
        }
        if (file.endsWith(".json")) {
            return file.substring(0, file.length() - 5);
        }
        if (file.endsWith(".xml")) {
            return file.substring(0, file.length() - 4);
        }
        return file;
    }

    static void reply(Exchange exchange, int status, String format, String root, JsonNode body, ObjectMapper json)
            throws Exception {
        if ("xml".equals(format)) {
            HttpReplies.reply(exchange, status, "text/xml", xml(root, body));
        } else {
            HttpReplies.reply(exchange, status, "application/json", json.writeValueAsString(body));
        }
    }

    static String xml(String root, JsonNode body) throws XMLStreamException {
        StringWriter out = new StringWriter();
        XMLStreamWriter writer = XML.createXMLStreamWriter(out);
        writer.writeStartDocument("UTF-8", "1.0");
        element(writer, root, body);
        writer.writeEndDocument();
        writer.close();
        return out.toString();
    }

    private static void element(XMLStreamWriter writer, String name, JsonNode node) throws XMLStreamException {
        if (node == null || node.isNull()) {
            writer.writeEmptyElement(name);
            return;
        }
        writer.writeStartElement(name);
        if (node.isArray()) {
            String item = ITEMS.getOrDefault(name, "item");
            for (JsonNode each : node) {
                element(writer, item, each);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                var field = fields.next();
                element(writer, field.getKey(), field.getValue());
            }
        } else {
            writer.writeCharacters(node.asText());
        }
        writer.writeEndElement();
    }
}
