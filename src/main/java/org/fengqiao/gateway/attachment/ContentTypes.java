package org.fengqiao.gateway.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;
import org.apache.tika.parser.ParseContext;

/**
 * What a file is, from its bytes: Tika's magic-number detector, given no file name, so a program named
 * {@code 协议.pdf} is a program. Only the types configured are taken, each with the types Tika counts
 * as a kind of it.
 */
final class ContentTypes {

    private final MimeTypes types = MimeTypes.getDefaultMimeTypes();
    private final MediaTypeRegistry registry = types.getMediaTypeRegistry();
    private final Set<MediaType> allowed = new LinkedHashSet<>();

    ContentTypes(List<String> allowedTypes) {
        for (String name : allowedTypes) {
            MediaType type = MediaType.parse(name.trim());
            if (type == null) {
                throw new IllegalArgumentException("gateway.attachments.allowed-types: '" + name
                        + "' is not a media type");
            }
            allowed.add(registry.normalize(type));
        }
    }

    /** The type the bytes show, in Tika's name ({@code application/octet-stream} when nothing is known). */
    String detect(InputStream bytes) throws IOException {
        // No resource name in the metadata: the name a sender chose has no say.
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            MediaType detected = types.detect(in, new Metadata(), new ParseContext());
            return registry.normalize(detected).getBaseType().toString();
        }
    }

    boolean allowed(String detected) {
        MediaType type = MediaType.parse(detected);
        return type != null && allowed.stream().anyMatch(a -> registry.isInstanceOf(type, a));
    }

    /** The allowed types, for a refusal that says what would have been taken. */
    String allowedNames() {
        return String.join(", ", allowed.stream().map(MediaType::toString).toList());
    }
}
