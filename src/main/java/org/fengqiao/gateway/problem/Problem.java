package org.fengqiao.gateway.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail. {@code code} is a stable machine-readable error code; {@code errors}
 * names every offending field; {@code currentState} is set on conflicts. Never carries request content, so no personal data leaks through it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, String code,
        List<FieldViolation> errors, String currentState) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** 503 in English, for a detail that has no {@link Text}. */
    public static Problem unavailable(String detail, String instance) {
        return of("SERVICE_UNAVAILABLE", ProblemTexts.title(java.util.Locale.ROOT, "SERVICE_UNAVAILABLE"), 503, detail,
                instance, List.of());
    }

    /** 503: the gateway cannot take the request now; nothing was stored and a retry is safe. */
    public static Problem unavailable(java.util.Locale locale, Text detail, String instance) {
        return of("SERVICE_UNAVAILABLE", ProblemTexts.title(locale, "SERVICE_UNAVAILABLE"), 503,
                ProblemTexts.render(locale, detail), instance, List.of());
    }

    public static Problem of(String code, String title, int status, String detail, String instance,
            List<FieldViolation> errors) {
        return new Problem("/problems/" + code.toLowerCase().replace('_', '-'), title, status, detail, instance,
                code, errors, null);
    }
}
