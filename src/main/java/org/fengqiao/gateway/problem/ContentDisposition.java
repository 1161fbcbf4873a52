package org.fengqiao.gateway.problem;

import java.nio.charset.StandardCharsets;

/**
 * The {@code Content-Disposition} of a file the gateway hands out (RFC 6266): an ASCII name in
 * {@code filename} for clients that read only that, and the real name, in UTF-8, in {@code filename*}
 * (RFC 8187, which replaced RFC 5987). Every download of the API and the console answers with it.
 */
public final class ContentDisposition {

    private static final String HEX = "0123456789ABCDEF";
    /** RFC 8187's attr-char besides letters and digits: what a value may carry without a percent escape. */
    private static final String ATTR_CHAR_MARKS = "!#$&+-.^_`|~";

    private ContentDisposition() {
    }

    /** An attachment offered under {@code fileName}, with {@code asciiFileName} for older clients. */
    public static String attachment(String fileName, String asciiFileName) {
        return "attachment; filename=\"" + asciiFileName + "\"; filename*=UTF-8''" + extValue(fileName);
    }

    /**
     * An attachment offered under a name someone gave (an uploaded file's): the ASCII stand-in is the
     * name with every character outside printable ASCII, and the quote and backslash that would end or
     * escape the quoted string, as {@code _}.
     */
    public static String attachment(String fileName) {
        String ascii = fileName.replaceAll("[^\\x20-\\x7e]", "_").replace("\"", "_").replace("\\", "_");
        return attachment(fileName, ascii);
    }

    /** RFC 8187 ext-value characters: attr-char as it is, every other byte of the UTF-8 as %XX. */
    static String extValue(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || ATTR_CHAR_MARKS.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
        return out.toString();
    }
}
