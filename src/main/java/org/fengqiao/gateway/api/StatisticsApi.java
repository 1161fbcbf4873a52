package org.fengqiao.gateway.api;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.ForbiddenException;
import org.fengqiao.gateway.problem.HttpReplies;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.Text;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.fengqiao.gateway.security.StaffAuthentication;
import org.fengqiao.gateway.security.StaffCaller;
import org.fengqiao.gateway.statistics.Breakdown;
import org.fengqiao.gateway.statistics.CountyStatistics;
import org.fengqiao.gateway.statistics.StatisticsQuery;

/**
 * The county statistics (statistics.CountyStatistics) over REST. A county's figures are read by its
 * centre and the city's centre; the city's by the city's centre alone. Triage desks and townships
 * are refused: the figures compare townships, which is the centres' business.
 */
@ApplicationScoped
public class StatisticsApi extends RouteBuilder {

    @Inject
    CountyStatistics statistics;
    @Inject
    RoutingPolicy routing;
    @Inject
    ObjectMapper json;

    @Override
    public void configure() {
        rest("/api/v1/statistics")
                .get().id("rest-statistics").produces("application/json").to("direct:statistics")
                .get("/declines").id("rest-statistics-declines").produces("application/json")
                .to("direct:statistics-declines")
                .get("/definitions").id("rest-statistics-definitions").produces("application/json")
                .to("direct:statistics-definitions");
        from("direct:statistics").routeId("statistics").process(this::overview);
        from("direct:statistics-declines").routeId("statistics-declines").process(this::declines);
        from("direct:statistics-definitions").routeId("statistics-definitions").process(exchange -> {
            StaffCaller caller = StaffAuthentication.callerOf(exchange);
            if (!caller.centre()) {
                throw new ForbiddenException(new Text("statistics.centres-only", caller.id()));
            }
            reply(exchange, Map.of("items", statistics.definitions()));
        });
    }

    private void overview(Exchange exchange) throws Exception {
        var in = exchange.getMessage();
        String area = area(exchange, in.getHeader("area", String.class));
        List<FieldViolation> violations = new ArrayList<>();
        LocalDate from = date(in.getHeader("from", String.class), "from", violations);
        LocalDate to = date(in.getHeader("to", String.class), "to", violations);
        Optional<Breakdown> by = breakdown(in.getHeader("by", String.class), violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        reply(exchange, statistics.overview(new StatisticsQuery(area, from, to, by)));
    }

    private void declines(Exchange exchange) throws Exception {
        var in = exchange.getMessage();
        String area = area(exchange, in.getHeader("area", String.class));
        String raw = in.getHeader("month", String.class);
        YearMonth month;
        try {
            month = YearMonth.parse(raw == null ? "" : raw.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("month", new Text("statistics.month"));
        }
        reply(exchange, statistics.declines(area, month));
    }

    /** The area, checked first for its form, then for the caller's right to read it. */
    private String area(Exchange exchange, String raw) {
        String area = raw == null ? "" : raw.trim();
        String city = routing.city();
        boolean county = area.matches("[0-9]{6}") && area.startsWith(city);
        if (!county && !area.equals(city)) {
            throw new InvalidRequestException("area", new Text("statistics.area", city));
        }
        StaffCaller caller = StaffAuthentication.callerOf(exchange);
        if (!caller.centre() || !caller.overseesArea(area, city)) {
            throw new ForbiddenException(new Text("statistics.not-your-area", caller.id(), area));
        }
        return area;
    }

    private static LocalDate date(String raw, String field, List<FieldViolation> violations) {
        try {
            return LocalDate.parse(raw == null ? "" : raw.trim());
        } catch (DateTimeParseException e) {
            violations.add(new FieldViolation(field, new Text("statistics.date")));
            return null;
        }
    }

    private static Optional<Breakdown> breakdown(String raw, List<FieldViolation> violations) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Breakdown.valueOf(raw.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            violations.add(new FieldViolation("by", new Text("violation.one-of",
                    List.of("township", "category", "source", "handler", "month"))));
            return Optional.empty();
        }
    }

    private void reply(Exchange exchange, Object body) throws Exception {
        HttpReplies.reply(exchange, 200, "application/json", json.writeValueAsString(body));
    }
}
