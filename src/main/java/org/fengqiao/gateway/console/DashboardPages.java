package org.fengqiao.gateway.console;

import java.nio.file.Files;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import org.fengqiao.gateway.assessment.AssessmentWorkbook;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.routing.HandlerDirectory;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.fengqiao.gateway.security.StaffCaller;
import org.jboss.logging.Logger;

/**
 * 统计看板: the county centre's dashboard of its county (the city centre's: the city, or a county it
 * picks), and the month's assessment workbook (考核报表) downloaded from it. Anyone else is answered
 * as for a page that does not exist, as the centre's other pages answer.
 */
@Path("centre/dashboard")
@Produces(CentrePages.HTML)
@Blocking
public class DashboardPages {

    private static final Logger LOG = Logger.getLogger(DashboardPages.class);

    @Inject
    ConsoleRole role;
    @Inject
    Dashboard dashboard;
    @Inject
    AssessmentWorkbook workbook;
    @Inject
    HandlerDirectory handlers;
    @Inject
    RoutingPolicy routing;
    @Inject
    Clock clock;
    @Inject
    @Location("console/dashboard.html")
    Template page;
    @Inject
    NotFoundPage notFound;

    @GET
    public Response dashboard(@QueryParam("county") String county, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("figure") String figure) throws Exception {
        return page(role.signedIn(), county, from, to, figure, null, 200);
    }

    /** 下载考核报表: the workbook of a county and month, as the API gives it. */
    @GET
    @Path("assessment.xlsx")
    @Produces({ AssessmentWorkbook.MEDIA_TYPE, CentrePages.HTML })
    public Response assessment(@QueryParam("county") String county, @QueryParam("month") String month)
            throws Exception {
        StaffCaller caller = role.signedIn();
        Optional<String> area = dashboard.area(caller, county);
        if (area.isEmpty()) {
            return notFound.answer(caller);
        }
        if (area.get().equals(routing.city())) {
            return page(caller, county, null, null, null, "请选择一个县（市、区）后再下载考核报表。", 400);
        }
        YearMonth m;
        try {
            m = month == null ? null : YearMonth.parse(month.trim());
        } catch (DateTimeParseException e) {
            m = null;
        }
        if (m == null || m.isAfter(YearMonth.from(GatewayTime.now(clock))) || m.getYear() < 2000) {
            return page(caller, area.get(), null, null, null, "考核月份须为 yyyy-MM 格式，且不晚于本月。", 400);
        }
        AssessmentWorkbook.Made made = workbook.make(area.get(), m);
        LOG.infof("Assessment workbook downloaded: handler=%s person=%s county=%s month=%s", caller.id(),
                caller.person(), area.get(), m);
        java.nio.file.Path file = made.file();
        StreamingOutput body = out -> {
            try {
                Files.copy(file, out);
            } finally {
                Files.deleteIfExists(file);
            }
        };
        return Response.ok(body, AssessmentWorkbook.MEDIA_TYPE)
                .header(HttpHeaders.CONTENT_DISPOSITION, made.contentDisposition())
                .header(HttpHeaders.CONTENT_LENGTH, Files.size(file))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private Response page(StaffCaller caller, String county, String from, String to, String figure, String refusal,
            int status) throws Exception {
        Optional<String> area = dashboard.area(caller, county);
        if (area.isEmpty()) {
            return notFound.answer(caller);
        }
        Dashboard.View view = dashboard.view(caller, area.get(), new Dashboard.Form(county, from, to, figure));
        return Response.status(status).entity(page.data("handlerName", handlers.nameOf(caller.id()))
                .data("person", caller.person()).data("overseer", true).data("v", view)
                .data("refusal", refusal).data("notes", view.notes().isEmpty() ? List.of() : view.notes()))
                .type(CentrePages.HTML).build();
    }
}
