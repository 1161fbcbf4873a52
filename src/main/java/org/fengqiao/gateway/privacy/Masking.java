package org.fengqiao.gateway.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How personal numbers are shown to whoever may not see them in full: an ID number keeps its first
 * 4 and last 4 characters ({@code 3306**********123X}), a phone number its first 3 and last 4
 * ({@code 139****5678}). {@link #text} does the same to numbers written inside free text.
 */
public final class Masking {

    // Digit boundaries, so that parts of longer numbers (case numbers, timestamps) are left alone.
    private static final Pattern ID_IN_TEXT = Pattern.compile("(?<![0-9A-Za-z])(\\d{17}[0-9Xx]|\\d{15})(?![0-9A-Za-z])");
    private static final Pattern MOBILE_IN_TEXT = Pattern.compile("(?<!\\d)1[3-9]\\d{9}(?!\\d)");

    private Masking() {
    }

    public static String idNumber(String value) {
        return keep(value, 4, 4);
    }

    public static String phone(String value) {
        if (value == null) {
            return null;
        }
        return value.length() >= 11 ? keep(value, 3, 4) : keep(value, 0, 4);
    }

    /** Free text with every ID number and mobile number in it masked. */
    public static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        String masked = replace(ID_IN_TEXT, value, true);
        return replace(MOBILE_IN_TEXT, masked, false);
    }

    private static String replace(Pattern pattern, String value, boolean idNumbers) {
        Matcher m = pattern.matcher(value);
        if (!m.find()) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(idNumbers ? idNumber(m.group()) : phone(m.group())));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    /** Keeps {@code head} and {@code tail} characters if at least 4 stay hidden between them; a short value is hidden whole. */
    private static String keep(String value, int head, int tail) {
        if (value == null) {
            return null;
        }
        int hidden = value.length() - head - tail;
        if (hidden < 4) {
            return "*".repeat(value.length());
        }
        return value.substring(0, head) + "*".repeat(hidden) + value.substring(value.length() - tail);
    }
}
