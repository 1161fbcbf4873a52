package org.fengqiao.gateway.intake;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLResolver;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.exc.WstxLazyException;
import com.ctc.wstx.stax.WstxInputFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.Text;

/**
 * Parses a pushed XML body into a Jackson tree that a JSON Schema can check, safely: no DTD, no
 * entity of any kind beyond the five predefined ones, no external resource, bounded size. A document
 * that carries a DOCTYPE is refused at the DOCTYPE, which is never processed, so XXE and entity
 * expansion ("billion laughs") never reach the parser's entity handling. Malformed input is a field
 * violation on {@code $} with its position only: parser messages can quote the offending text.
 */
public final class XmlPayloads {

    public static final int MAX_ELEMENT_DEPTH = 32;
    public static final int MAX_ATTRIBUTES_PER_ELEMENT = 16;
    public static final int MAX_ATTRIBUTE_SIZE = 1_024;
    public static final int MAX_TEXT_LENGTH = 64_000;
    public static final int MAX_CHILDREN_PER_ELEMENT = 1_000;
    public static final int MAX_ELEMENT_COUNT = 20_000;
    public static final long MAX_CHARACTERS = 2_000_000;

    private static final XMLInputFactory STAX = secureFactory();
    private static final XmlMapper XML = new XmlMapper(XmlFactory.builder().xmlInputFactory(STAX).build());

    private XmlPayloads() {
    }

    /**
     * The document as an object tree: element names are field names, text is a string, repeated
     * elements become arrays. An empty element means an absent value and is left out.
     */
    public static ObjectNode parseObject(String body, String rootElement) {
        return parseObject(body, rootElement, Map.of());
    }

    /**
     * As {@link #parseObject(String, String)}, with {@code container → element} pairs that are lists
     * however many elements the document has (see {@link #repeatable}); the text screen runs after that,
     * so offending fields are named as the schema names them ({@code Xfrs.Xfr[0].Xm}).
     */
    public static ObjectNode parseObject(String body, String rootElement, Map<String, String> repeatable) {
        if (body == null || body.isBlank()) {
            throw new InvalidRequestException("$", new Text("payload.xml-empty", rootElement));
        }
        XMLStreamReader reader = null;
        try {
            reader = STAX.createXMLStreamReader(new StringReader(body));
            screen(reader, rootElement);
            // Only a document that passed the screen reaches Jackson (over the same locked-down factory).
            ObjectNode tree = withoutEmptyElements(XML.readTree(body));
            repeatable.forEach((container, element) -> repeatable(tree, container, element));
            TextScreen.check(tree);
            return tree;
        } catch (XMLStreamException e) {
            throw malformed(e);
        } catch (IOException | WstxLazyException e) {
            throw malformed(xmlCause(e));
        } finally {
            close(reader);
        }
    }

    /**
     * Reads the whole document as StAX events once: well-formed, within the limits, the expected root,
     * no DOCTYPE and no entity reference. With DTD support off the parser would skip a DOCTYPE and hand
     * an undeclared entity over as an event that Jackson drops silently; both are refused here.
     */
    private static void screen(XMLStreamReader reader, String rootElement) throws XMLStreamException {
        boolean rootSeen = false;
        for (int event = reader.getEventType(); ; event = reader.next()) {
            switch (event) {
                case XMLStreamConstants.DTD -> throw new InvalidRequestException("$",
                        new Text("payload.xml-doctype"));
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new InvalidRequestException("$",
                        located("payload.xml-entity", reader.getLocation()));
                case XMLStreamConstants.START_ELEMENT -> {
                    if (!rootSeen && !rootElement.equals(reader.getLocalName())) {
                        throw new InvalidRequestException("$", new Text("payload.xml-root", rootElement));
                    }
                    rootSeen = true;
                }
                case XMLStreamConstants.END_DOCUMENT -> {
                    if (!rootSeen) {
                        throw new InvalidRequestException("$", new Text("payload.xml-no-root", rootElement));
                    }
                    return;
                }
                default -> {
                }
            }
        }
    }

    /** Makes {@code parent.container.element} an array whether the document had one such element or many. */
    public static void repeatable(ObjectNode parent, String container, String element) {
        if (parent.get(container) instanceof ObjectNode holder) {
            JsonNode value = holder.get(element);
            if (value != null && !value.isArray()) {
                holder.set(element, JsonNodeFactory.instance.arrayNode().add(value));
            }
        }
    }

    private static ObjectNode withoutEmptyElements(JsonNode tree) {
        JsonNode cleaned = clean(tree);
        // <Root/> or a root holding only text has no fields; the schema then names every required one.
        return cleaned instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
    }

    private static JsonNode clean(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> empty = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = clean(field.getValue());
                if (isEmpty(value)) {
                    empty.add(field.getKey());
                } else {
                    field.setValue(value);
                }
            }
            object.remove(empty);
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, clean(array.get(i)));
            }
        }
        return node;
    }

    private static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())
                || (value.isObject() && value.isEmpty());
    }

    private static InvalidRequestException malformed(XMLStreamException e) {
        Location at = e == null ? null : e.getLocation();
        // Woodstox names its limits as "... limit (N) Exceeded"; its messages are otherwise not passed on.
        if (e != null && String.valueOf(e.getMessage()).contains(" limit (")) {
            return new InvalidRequestException("$", new Text("payload.xml-limits", MAX_ELEMENT_DEPTH));
        }
        return new InvalidRequestException("$", located("payload.xml-malformed", at));
    }

    /** The text of {@code key}, with the line and column where the parser stopped when it knows them. */
    private static Text located(String key, Location at) {
        return at == null || at.getLineNumber() < 0 ? new Text(key)
                : new Text(key + "-at", at.getLineNumber(), at.getColumnNumber());
    }

    private static XMLStreamException xmlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof XMLStreamException xml) {
                return xml;
            }
        }
        return null;
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                // Nothing is held open for a String source.
            }
        }
    }

    /**
     * Woodstox, explicitly (no other StAX provider is picked up), with DTDs, external resources and
     * entity expansion refused, but without the size limits of one payload: for a file of many records,
     * each of which is read again, with the limits, by {@link #parseObject} (a backfill's export).
     */
    public static XMLInputFactory hardenedFactory() {
        XMLInputFactory factory = new WstxInputFactory();
        XMLResolver refuse = (publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not resolved");
        };
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setXMLResolver(refuse);
        factory.setProperty(WstxInputProperties.P_DTD_RESOLVER, refuse);
        factory.setProperty(WstxInputProperties.P_ENTITY_RESOLVER, refuse);
        factory.setProperty(WstxInputProperties.P_CACHE_DTDS, false);
        // Errors surface while reading, as checked exceptions, not later from a lazily parsed event.
        factory.setProperty(WstxInputProperties.P_LAZY_PARSING, false);
        factory.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 16);
        factory.setProperty(WstxInputProperties.P_MAX_ENTITY_DEPTH, 1);
        return factory;
    }

    /** The hardened reader with the limits of one payload. */
    private static XMLInputFactory secureFactory() {
        XMLInputFactory factory = hardenedFactory();
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, MAX_ELEMENT_DEPTH);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, MAX_ATTRIBUTES_PER_ELEMENT);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, MAX_ATTRIBUTE_SIZE);
        factory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, MAX_TEXT_LENGTH);
        factory.setProperty(WstxInputProperties.P_MAX_CHILDREN_PER_ELEMENT, MAX_CHILDREN_PER_ELEMENT);
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT, MAX_ELEMENT_COUNT);
        factory.setProperty(WstxInputProperties.P_MAX_CHARACTERS, MAX_CHARACTERS);
        return factory;
    }
}
