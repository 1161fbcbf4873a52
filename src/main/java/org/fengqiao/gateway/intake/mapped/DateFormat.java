package org.fengqiao.gateway.intake.mapped;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.function.Function;

import org.fengqiao.gateway.canonical.GatewayTime;

/**
 * How a source writes a time: {@code ISO_OFFSET} (ISO-8601 with offset), or a pattern such as
 * {@code yyyy-MM-dd HH:mm:ss}. A pattern without an offset means Asia/Shanghai local time; a pattern
 * without a time of day means the start of that day, or its end for a deadline. Strict: 2026-02-30
 * is rejected, not rolled over to March.
 */
final class DateFormat {

    static final DateFormat ISO_OFFSET = new DateFormat("ISO_OFFSET", DateTimeFormatter.ISO_OFFSET_DATE_TIME, false);
    /** How a violation names ISO_OFFSET to the source: the standard, not the definition's keyword. */
    private static final String ISO_OFFSET_SHOWN = "ISO-8601 with offset";

    private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);

    private final String name;
    private final DateTimeFormatter formatter;
    private final boolean dateOnly;

    private DateFormat(String name, DateTimeFormatter formatter, boolean dateOnly) {
        this.name = name;
        this.formatter = formatter;
        this.dateOnly = dateOnly;
    }

    static DateFormat of(String pattern, Function<String, RuntimeException> problem) {
        if (pattern == null || pattern.isBlank()) {
            throw problem.apply("must be ISO_OFFSET or a date-time pattern such as yyyy-MM-dd HH:mm:ss");
        }
        if (ISO_OFFSET.name.equals(pattern)) {
            return ISO_OFFSET;
        }
        DateTimeFormatter formatter;
        try {
            formatter = DateTimeFormatter.ofPattern(yearOfEra(pattern)).withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw problem.apply("is not a date-time pattern (" + e.getMessage() + ")");
        }
        // A pattern must at least name a day: one that cannot read back what it writes is useless.
        ZonedDateTime sample = ZonedDateTime.of(2026, 11, 29, 9, 15, 30, 0, GatewayTime.ZONE);
        TemporalAccessor read;
        try {
            read = formatter.parseBest(formatter.format(sample), OffsetDateTime::from, LocalDateTime::from,
                    LocalDate::from);
        } catch (RuntimeException e) {
            throw problem.apply("does not describe a whole date (year, month and day)");
        }
        return new DateFormat(pattern, formatter, read instanceof LocalDate);
    }

    /**
     * In strict mode {@code yyyy} is the year of an era and needs an era field; engineers write
     * {@code yyyy} meaning the proleptic year, so it is read as {@code uuuu}. Quoted literals are kept.
     */
    private static String yearOfEra(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length());
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            }
            out.append(!quoted && c == 'y' ? 'u' : c);
        }
        return out.toString();
    }

    String name() {
        return name;
    }

    /** What a source is told when its value does not parse: a date, or a date and time, in this format. */
    org.fengqiao.gateway.problem.Text violation() {
        return new org.fengqiao.gateway.problem.Text(dateOnly ? "violation.date" : "violation.date-time",
                this == ISO_OFFSET ? ISO_OFFSET_SHOWN : name);
    }

    /** @throws DateTimeParseException when the text is not such a time, or no such day exists */
    OffsetDateTime parse(String text, boolean endOfDay) {
        TemporalAccessor parsed = formatter.parseBest(text, OffsetDateTime::from, LocalDateTime::from,
                LocalDate::from);
        if (parsed instanceof OffsetDateTime offset) {
            return GatewayTime.inZone(offset);
        }
        if (parsed instanceof LocalDateTime local) {
            return local.atZone(GatewayTime.ZONE).toOffsetDateTime();
        }
        LocalDate day = (LocalDate) parsed;
        return (endOfDay ? day.atTime(END_OF_DAY) : day.atStartOfDay()).atZone(GatewayTime.ZONE).toOffsetDateTime();
    }
}
