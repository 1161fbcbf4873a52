package org.fengqiao.gateway.intake;

import com.fasterxml.jackson.databind.JsonNode;

/** Small helpers for reading source text fields: blank means absent. */
public final class Texts {

    private static final int TITLE_LENGTH = 40;

    private Texts() {
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asText().strip();
        return text.isEmpty() ? null : text;
    }

    /** The source's title, or the start of the content when the source gives none. */
    public static String titleOr(String title, String content) {
        if (title != null) {
            return title;
        }
        if (content == null) {
            return null;
        }
        int end = content.offsetByCodePoints(0, Math.min(TITLE_LENGTH, content.codePointCount(0, content.length())));
        return end < content.length() ? content.substring(0, end) + "…" : content;
    }
}
