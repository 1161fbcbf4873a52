package org.fengqiao.gateway.intake.mapped;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import org.fengqiao.gateway.canonical.DisputeDraft.SourceAttachment;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.Text;

/**
 * The {@code attachments:} section of a source definition: where in its payload a source puts the
 * files it sends inline (a list of {file name, base64 content}), how many and how large. A source
 * whose definition has no such section sends none: its payload's files are not read.
 *
 * <p>Count, base64 and size are checked here, with the rest of the payload, before anything is
 * stored; the type from the content and the virus scan when the intake stores the bytes.
 */
record AttachmentsDefinition(JsonPointer list, JsonPointer fileName, JsonPointer content, long maxBytes,
        int maxCount) {

    static final String SECTION = "attachments";
    private static final String SHAPE = "{pointer: /list, fileName: /name, content: /base64, max-size: 5M, max-count: 5}";

    /** Null when the definition has no section: the source sends no files. */
    static AttachmentsDefinition parse(DefinitionReader in, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw in.error(SECTION, "must be " + SHAPE);
        }
        in.allowKeys(SECTION, node, List.of("pointer", "fileName", "content", "max-size", "max-count"));
        JsonPointer list = pointer(in, node, "pointer");
        JsonPointer fileName = pointer(in, node, "fileName");
        JsonPointer content = pointer(in, node, "content");
        long maxBytes;
        try {
            maxBytes = new MemorySizeConverter().convert(node.path("max-size").asText("")).asLongValue();
        } catch (RuntimeException e) {
            throw in.error(SECTION + ".max-size", "is required: a size such as 512K or 5M");
        }
        JsonNode count = node.get("max-count");
        if (count == null || !count.canConvertToExactIntegral() || count.asInt() < 1) {
            throw in.error(SECTION + ".max-count", "is required: a whole number of files, at least 1");
        }
        if (maxBytes < 1) {
            throw in.error(SECTION + ".max-size", "must be at least 1 byte");
        }
        return new AttachmentsDefinition(list, fileName, content, maxBytes, count.asInt());
    }

    private static JsonPointer pointer(DefinitionReader in, JsonNode node, String key) {
        String text = node.path(key).asText("");
        if (!text.startsWith("/")) {
            throw in.error(SECTION + "." + key, "is required: a JSON Pointer"
                    + ("pointer".equals(key) ? " to the list of files" : " within one file of the list"));
        }
        try {
            return JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            throw in.error(SECTION + "." + key, "is not a valid JSON Pointer");
        }
    }

    /**
     * The longest text the payload's parser takes: a file's base64 (a third longer than its bytes, with
     * line breaks) up to about half again the limit, so a file a little too large is refused naming its
     * field, and a far larger one by the parser before it is read whole.
     */
    int longestText() {
        return (int) Math.min(Integer.MAX_VALUE - 8, maxBytes * 2);
    }

    /**
     * The files of a payload, decoded; a violation named by the native field ({@code fj[0].nr}) for
     * each that cannot be taken.
     */
    List<SourceAttachment> read(JsonNode payload, List<FieldViolation> violations) {
        JsonNode node = payload.at(list);
        String base = SourceDefinition.dotted(list);
        List<SourceAttachment> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            violations.add(new FieldViolation(base, new Text("violation.type", "array")));
            return out;
        }
        if (node.size() > maxCount) {
            violations.add(new FieldViolation(base, new Text("violation.attachments-count", maxCount)));
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String element = base + "[" + i + "]";
            JsonNode file = node.get(i);
            if (!file.isObject()) {
                violations.add(new FieldViolation(element, new Text("violation.type", "object")));
                continue;
            }
            String contentField = element + "." + SourceDefinition.dotted(content);
            JsonNode contentNode = file.at(content);
            if (!contentNode.isTextual() || contentNode.asText().isBlank()) {
                violations.add(new FieldViolation(contentField, new Text("violation.required")));
                continue;
            }
            String encoded = contentNode.asText();
            // Refused before decoding: base64 is a third longer than its bytes.
            if (encoded.length() / 4L * 3 > maxBytes + 2) {
                violations.add(new FieldViolation(contentField, new Text("violation.attachment-size", maxBytes)));
                continue;
            }
            byte[] bytes;
            try {
                bytes = Base64.getMimeDecoder().decode(strictBase64(encoded));
            } catch (IllegalArgumentException e) {
                violations.add(new FieldViolation(contentField, new Text("violation.base64")));
                continue;
            }
            if (bytes.length > maxBytes) {
                violations.add(new FieldViolation(contentField, new Text("violation.attachment-size", maxBytes)));
                continue;
            }
            JsonNode name = file.at(fileName);
            out.add(new SourceAttachment(contentField, name.isValueNode() ? name.asText() : null, bytes));
        }
        return out;
    }

    /**
     * The text when it is base64 (line breaks allowed, as a MIME encoder writes them); else an
     * {@link IllegalArgumentException}: the MIME decoder alone would skip any other character.
     */
    private static String strictBase64(String text) {
        if (!text.matches("[A-Za-z0-9+/\\s]*={0,2}\\s*")) {
            throw new IllegalArgumentException("not base64");
        }
        return text;
    }
}
