package org.fengqiao.gateway.backfill;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fengqiao.gateway.intake.XmlPayloads;
import org.fengqiao.gateway.observability.CountingInputStream;

/**
 * A source's historical export, read one record at a time: never the whole file in memory. Two
 * forms (docs/backfill.md): JSON lines, each {@code {"record": <the source's own payload>, "history":
 * {...}}}; or, for an XML source, {@code <Records>} of {@code <Record>}s, each an empty
 * {@code <History .../>} with the history as attributes followed by the source's own element.
 *
 * <p>Each record has a number, its place in the file (for JSON lines, its line; blank lines count
 * and are skipped), which is what an interrupted import goes on after.
 */
final class ExportReader implements Closeable {

    /** One record of the export: its payload in the source's own format and its history, or why not. */
    record Item(long number, String where, String payload, Map<String, String> history, String unreadable) {
    }

    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private final CountingInputStream counted;
    private final long size;
    private final BufferedReader lines;
    private final XMLStreamReader xml;
    private final ObjectMapper json;
    private long number;

    private ExportReader(Path file, boolean xmlForm, ObjectMapper json) throws IOException {
        this.size = Files.size(file);
        this.counted = new CountingInputStream(Files.newInputStream(file));
        this.json = json;
        if (xmlForm) {
            this.lines = null;
            try {
                this.xml = XmlPayloads.hardenedFactory().createXMLStreamReader(counted);
            } catch (XMLStreamException e) {
                counted.close();
                throw new IOException("not XML: " + e.getMessage(), e);
            }
        } else {
            // Strict UTF-8, as live intake: a malformed byte stops the import with the line it is on.
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            this.lines = new BufferedReader(new InputStreamReader(counted, utf8), 1 << 16);
            this.xml = null;
        }
    }

    static ExportReader open(Path file, boolean xmlForm, ObjectMapper json) throws IOException {
        return new ExportReader(file, xmlForm, json);
    }

    long bytesRead() {
        return counted.count();
    }

    long size() {
        return size;
    }

    /** The next record, null at the end of the file. */
    Item next() throws IOException {
        return xml == null ? nextLine() : nextElement();
    }

    private Item nextLine() throws IOException {
        String line;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String where = "line " + number;
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (JsonProcessingException e) {
                // The parser's message quotes the text: it may be personal data.
                return new Item(number, where, null, null, "not a JSON object");
            }
            if (node == null || !node.isObject()) {
                return new Item(number, where, null, null, "not a JSON object");
            }
            JsonNode record = node.get("record");
            if (record == null || !record.isObject()) {
                return new Item(number, where, null, null, "record: missing, or not an object");
            }
            Map<String, String> history = new LinkedHashMap<>();
            JsonNode h = node.get("history");
            if (h != null && !h.isNull()) {
                if (!h.isObject()) {
                    return new Item(number, where, null, null, "history: not an object");
                }
                h.fields().forEachRemaining(f -> history.put(f.getKey(), f.getValue().isNull() ? null
                        : f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString()));
            }
            return new Item(number, where, record.toString(), history, null);
        }
        return null;
    }

    private Item nextElement() throws IOException {
        try {
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("Record")) {
                    number++;
                    return record("record " + number + " (line " + xml.getLocation().getLineNumber() + ")");
                }
            }
            return null;
        } catch (XMLStreamException e) {
            throw new IOException("the XML is broken after record " + number + ": " + e.getMessage(), e);
        }
    }

    /** Inside a {@code <Record>}: its {@code <History>} attributes and the source's element as a document. */
    private Item record(String where) throws XMLStreamException {
        Map<String, String> history = new LinkedHashMap<>();
        String payload = null;
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if (depth == 1 && xml.getLocalName().equals("History")) {
                    for (int i = 0; i < xml.getAttributeCount(); i++) {
                        history.put(xml.getAttributeLocalName(i), xml.getAttributeValue(i));
                    }
                    depth++;
                } else if (depth == 1 && payload == null) {
                    payload = copyElement();
                } else {
                    depth++;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        if (payload == null) {
            return new Item(number, where, null, null, "no source element in the record");
        }
        return new Item(number, where, payload, history, null);
    }

    /** The element the reader is on, with everything in it, as a document of its own. */
    private String copyElement() throws XMLStreamException {
        StringWriter text = new StringWriter(2048);
        XMLStreamWriter out = OUTPUT.createXMLStreamWriter(text);
        out.writeStartDocument("UTF-8", "1.0");
        int depth = 0;
        do {
            switch (xml.getEventType()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    out.writeStartElement(xml.getLocalName());
                    for (int i = 0; i < xml.getAttributeCount(); i++) {
                        out.writeAttribute(xml.getAttributeLocalName(i), xml.getAttributeValue(i));
                    }
                    depth++;
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    out.writeEndElement();
                    depth--;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        out.writeCharacters(xml.getText());
                default -> {
                    // comments and processing instructions are not the record's
                }
            }
            if (depth == 0) {
                break;
            }
            xml.next();
        } while (true);
        out.writeEndDocument();
        out.close();
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            if (xml != null) {
                xml.close();
            }
        } catch (XMLStreamException e) {
            // the stream is closed below
        }
        if (lines != null) {
            lines.close();
        }
        counted.close();
    }
}
