package org.fengqiao.gateway.intake;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.Text;

/**
 * Times as the sources write them. Strict: 2026-02-30 is rejected, not rolled over to March.
 * Times without an offset are Asia/Shanghai local time.
 */
public final class SourceDates {

    private static final DateTimeFormatter LOCAL_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter LOCAL_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    private SourceDates() {
    }

    /** {@code yyyy-MM-dd HH:mm:ss} local time; null when absent; a violation when impossible. */
    public static OffsetDateTime localDateTime(JsonNode payload, String field, List<FieldViolation> violations) {
        JsonNode value = payload.get(field);
        if (value == null || !value.isTextual()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.asText(), LOCAL_DATE_TIME).atZone(GatewayTime.ZONE).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            violations.add(new FieldViolation(field, new Text("violation.date-time", "yyyy-MM-dd HH:mm:ss")));
            return null;
        }
    }

    /**
     * ISO-8601 with an offset ({@code 2026-11-29T09:30:00+08:00}), moved to the gateway's zone; null
     * when absent; a violation when impossible.
     */
    public static OffsetDateTime offsetDateTime(JsonNode payload, String field, List<FieldViolation> violations) {
        JsonNode value = payload.get(field);
        if (value == null || !value.isTextual()) {
            return null;
        }
        try {
            return GatewayTime.inZone(OffsetDateTime.parse(value.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        } catch (DateTimeParseException e) {
            violations.add(new FieldViolation(field, new Text("violation.date-time", "ISO-8601 with offset")));
            return null;
        }
    }

    /** {@code yyyy-MM-dd}, meaning the end of that day, local time. */
    public static OffsetDateTime endOfLocalDate(String text, String field, List<FieldViolation> violations) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim(), LOCAL_DATE).atTime(23, 59, 59).atZone(GatewayTime.ZONE)
                    .toOffsetDateTime();
        } catch (DateTimeParseException e) {
            violations.add(new FieldViolation(field, new Text("violation.date", "yyyy-MM-dd")));
            return null;
        }
    }
}
