package org.fengqiao.gateway.intake;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.Text;

/**
 * What no pushed text may contain, whatever the source and field, checked on the parsed tree before
 * the schema: C0 control characters other than tab, CR and LF, DEL and C1 controls (they corrupt
 * logs, terminals and downstream parsers and have no place in a case description), the bidirectional
 * embedding, override and isolate controls (they make the text a clerk reads differ from the text
 * stored), unpaired surrogates and noncharacters (not text at all). Numbers are bounded too: a
 * decimal such as 1e-999999999 is a few bytes on the wire but a billion digits when printed.
 *
 * <p>Each offending field is named; its value is never quoted. Zero-width characters are allowed in
 * free text (emoji sequences use them) and kept out of record numbers by the schemas' patterns.
 */
public final class TextScreen {

    /** Digits before the decimal point: amounts up to 10^20 CNY; counts are far smaller. */
    static final int MAX_INTEGER_DIGITS = 20;
    /** Digits after the decimal point. */
    static final int MAX_FRACTION_DIGITS = 10;

    private TextScreen() {
    }

    /** Throws naming every offending field; does nothing for a clean tree. */
    public static void check(JsonNode root) {
        List<FieldViolation> violations = new ArrayList<>();
        walk(root, "", violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }

    private static void walk(JsonNode node, String path, List<FieldViolation> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                walk(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", out);
            }
        } else if (node.isTextual()) {
            Text problem = problemIn(node.textValue());
            if (problem != null) {
                out.add(new FieldViolation(path.isEmpty() ? "$" : path, problem));
            }
        } else if (node.isNumber() && !fits(node)) {
            out.add(new FieldViolation(path.isEmpty() ? "$" : path,
                    new Text("violation.number-size", MAX_INTEGER_DIGITS, MAX_FRACTION_DIGITS)));
        }
    }

    /** Why the text is refused, naming the code point (never the text), or null. */
    static Text problemIn(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = text.codePointAt(i);
                if ((cp & 0xFFFE) == 0xFFFE) {
                    return new Text("violation.noncharacter", codePoint(cp));
                }
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                return new Text("violation.surrogate", codePoint(c));
            }
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F)) {
                return new Text("violation.control", codePoint(c));
            }
            if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
                return new Text("violation.bidi", codePoint(c));
            }
            if ((c >= 0xFDD0 && c <= 0xFDEF) || c == 0xFFFE || c == 0xFFFF) {
                return new Text("violation.noncharacter", codePoint(c));
            }
        }
        return null;
    }

    private static boolean fits(JsonNode number) {
        if (number.isIntegralNumber() && number.canConvertToLong()) {
            return Long.toString(Math.abs(number.longValue())).length() <= MAX_INTEGER_DIGITS;
        }
        if (number.isDouble() || number.isFloat()) {
            return Double.isFinite(number.doubleValue());
        }
        BigDecimal value = number.decimalValue();
        if (value.signum() == 0) {
            return true;
        }
        // precision and scale are read, never expanded: stripping zeros of 1E-999999999 is cheap.
        BigDecimal stripped = value.stripTrailingZeros();
        long integerDigits = (long) stripped.precision() - stripped.scale();
        return integerDigits <= MAX_INTEGER_DIGITS && stripped.scale() <= MAX_FRACTION_DIGITS;
    }

    private static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }
}
