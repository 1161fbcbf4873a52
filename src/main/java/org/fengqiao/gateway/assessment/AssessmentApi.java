package org.fengqiao.gateway.assessment;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.ForbiddenException;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.Text;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.fengqiao.gateway.security.StaffAuthentication;
import org.fengqiao.gateway.security.StaffCaller;

/**
 * {@code GET /api/v1/reports/assessment?county=330681&month=2026-11}: a county's assessment workbook
 * of a month, to the centre of that county and the city's centre; any other caller is refused (403),
 * a county or month that is not one is named (400).
 */
@ApplicationScoped
public class AssessmentApi extends RouteBuilder {

    @Inject
    AssessmentWorkbook workbook;
    @Inject
    Gazetteer gazetteer;
    @Inject
    RoutingPolicy routing;
    @Inject
    Clock clock;

    @Override
    public void configure() {
        rest("/api/v1/reports")
                .get("/assessment").id("rest-assessment-report")
                .to("direct:assessment-report");
        from("direct:assessment-report").routeId("assessment-report").process(this::report);
    }

    private void report(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        StaffCaller caller = StaffAuthentication.callerOf(exchange);
        if (!caller.centre()) {
            throw new ForbiddenException(new Text("assessment.centre-only", caller.id()));
        }
        List<FieldViolation> violations = new ArrayList<>();
        String county = county(in.getHeader("county", String.class), violations);
        YearMonth month = month(in.getHeader("month", String.class), violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        if (!caller.overseesArea(county, routing.city())) {
            throw new ForbiddenException(new Text("assessment.not-your-county", caller.id(), county));
        }
        AssessmentWorkbook.Made made = workbook.make(county, month);
        try {
            Message out = exchange.getMessage();
            out.removeHeaders("*");
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            out.setHeader(Exchange.CONTENT_TYPE, AssessmentWorkbook.MEDIA_TYPE);
            out.setHeader("Content-Disposition", made.contentDisposition());
            out.setHeader("Cache-Control", "private, no-store");
            out.setHeader("X-Content-Type-Options", "nosniff");
            out.setBody(ByteBuffer.wrap(Files.readAllBytes(made.file())));
        } finally {
            Files.deleteIfExists(made.file());
        }
    }

    /** A county of the city by its 6-digit code, or the violation naming {@code county}. */
    private String county(String raw, List<FieldViolation> violations) {
        String value = raw == null ? "" : raw.trim();
        if (value.isEmpty()) {
            violations.add(new FieldViolation("county", new Text("violation.required")));
            return null;
        }
        if (!value.matches("\\d{6}") || gazetteer.county(value).isEmpty()) {
            violations.add(new FieldViolation("county", new Text("assessment.county")));
            return null;
        }
        return value;
    }

    /** A month as yyyy-MM, not after this one, or the violation naming {@code month}. */
    private YearMonth month(String raw, List<FieldViolation> violations) {
        String value = raw == null ? "" : raw.trim();
        if (value.isEmpty()) {
            violations.add(new FieldViolation("month", new Text("violation.required")));
            return null;
        }
        try {
            YearMonth month = value.matches("\\d{4}-\\d{2}") ? YearMonth.parse(value) : null;
            if (month != null && !month.isAfter(YearMonth.now(clock.withZone(GatewayTime.ZONE)))
                    && month.getYear() >= 2000) {
                return month;
            }
        } catch (DateTimeParseException e) {
            // named below
        }
        violations.add(new FieldViolation("month", new Text("assessment.month")));
        return null;
    }
}
