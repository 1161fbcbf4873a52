package org.fengqiao.gateway.intake.mapped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import org.fengqiao.gateway.attachment.FileServer;
import org.fengqiao.gateway.canonical.DisputeDraft.SourceAttachment;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.Text;

/**
 * The {@code attachments:} section of a source definition: where in its payload a source puts the
 * files it sends with its case (a list of files, each with its name and either its bytes in base64,
 * inline, or a URL on the source's own file server, by reference), how many and how large. A source
 * whose definition has no such section sends none: its payload's files are not read.
 *
 * <p>Count, base64 and size of inline files, and each URL against the file server's configured
 * prefixes, are checked here, with the rest of the payload, before anything is stored; the type from
 * the content and the virus scan when the intake stores the bytes, or when the gateway has fetched them.
 *
 * @param content      null when the source sends files by reference only
 * @param url          null when the source sends files inline only
 * @param fileServer   the {@code gateway.sources.<name>} whose {@code file-urls} are the file server; with {@code url}
 * @param fetchTimeout how long fetching one file may take
 * @param server       the file server resolved from configuration at start; null until then, and without {@code url}
 */
record AttachmentsDefinition(JsonPointer list, JsonPointer fileName, JsonPointer content, JsonPointer url,
        String fileServer, Duration fetchTimeout, long maxBytes, int maxCount, FileServer server) {

    static final String SECTION = "attachments";
    private static final String SHAPE = "{pointer: /list, fileName: /name, content: /base64, max-size: 5M, max-count: 5}"
            + " or, by reference, {pointer: /list, fileName: /name, url: /url, file-server: <name>, max-size: 5M,"
            + " max-count: 5}";
    private static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(30);

    /** Null when the definition has no section: the source sends no files. */
    static AttachmentsDefinition parse(DefinitionReader in, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw in.error(SECTION, "must be " + SHAPE);
        }
        in.allowKeys(SECTION, node, List.of("pointer", "fileName", "content", "url", "file-server", "fetch-timeout",
                "max-size", "max-count"));
        JsonPointer list = pointer(in, node, "pointer");
        JsonPointer fileName = pointer(in, node, "fileName");
        if (!node.has("content") && !node.has("url")) {
            throw in.error(SECTION + ".content", "is required, or url: a JSON Pointer within one file of the list");
        }
        JsonPointer content = node.has("content") ? pointer(in, node, "content") : null;
        JsonPointer url = node.has("url") ? pointer(in, node, "url") : null;
        String fileServer = node.path("file-server").asText("");
        if (url != null && !fileServer.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw in.error(SECTION + ".file-server", "is required with url: the name of the source's settings,"
                    + " gateway.sources.<name>.file-urls (lower case, digits and -)");
        }
        if (url == null && node.has("file-server")) {
            throw in.error(SECTION + ".file-server", "is only for files sent by reference (url)");
        }
        Duration fetchTimeout = DEFAULT_FETCH_TIMEOUT;
        if (node.has("fetch-timeout")) {
            try {
                fetchTimeout = DurationConverter.parseDuration(node.path("fetch-timeout").asText(""));
            } catch (RuntimeException e) {
                fetchTimeout = null;
            }
            if (url == null || fetchTimeout == null || fetchTimeout.isNegative() || fetchTimeout.isZero()) {
                throw in.error(SECTION + ".fetch-timeout", "is a duration such as 30s, for files sent by reference (url)");
            }
        }
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
        return new AttachmentsDefinition(list, fileName, content, url, url == null ? null : fileServer, fetchTimeout,
                maxBytes, count.asInt(), null);
    }

    /** This section with its file server, once its prefixes are read from configuration. */
    AttachmentsDefinition withServer(FileServer resolved) {
        return new AttachmentsDefinition(list, fileName, content, url, fileServer, fetchTimeout, maxBytes, maxCount,
                resolved);
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
     * The files of a payload, inline ones decoded, references checked against the file server; a
     * violation named by the native field ({@code fj[0].nr}, {@code fj[0].wjdz}) for each that cannot be
     * taken. A file with both bytes and a URL is taken inline.
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
            JsonNode name = file.at(fileName);
            String shownName = name.isValueNode() ? name.asText() : null;
            JsonNode contentNode = content == null ? null : file.at(content);
            boolean inline = contentNode != null && contentNode.isTextual() && !contentNode.asText().isBlank();
            if (!inline && url != null) {
                // By reference: the URL must lie on the source's own file server; nothing is fetched now.
                String urlField = element + "." + SourceDefinition.dotted(url);
                JsonNode urlNode = file.at(url);
                if (!urlNode.isTextual() || urlNode.asText().isBlank()) {
                    violations.add(new FieldViolation(urlField, new Text("violation.required")));
                } else if (server == null || server.admit(urlNode.asText()).isEmpty()) {
                    violations.add(new FieldViolation(urlField, new Text("violation.file-url", FileServer.MAX_URL)));
                } else {
                    out.add(SourceAttachment.byReference(urlField, shownName, urlNode.asText()));
                }
                continue;
            }
            String contentField = element + "." + SourceDefinition.dotted(content);
            if (!inline) {
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
            out.add(new SourceAttachment(contentField, shownName, bytes));
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
