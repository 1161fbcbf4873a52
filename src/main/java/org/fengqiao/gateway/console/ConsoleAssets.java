package org.fengqiao.gateway.console;

import java.io.InputStream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * The console's stylesheet, htmx and ECharts (each unpacked from its webjar, org.webjars.npm:htmx.org and
 * org.webjars.npm:echarts, by the build) and the dashboard's script, under {@code /console/assets/},
 * open to all (the sign-in page needs them).
 *
 * <p>Served here rather than from {@code META-INF/resources}: a static resource there makes Quarkus
 * install a GET route for every path, which turns the API's answers around (a GET on a source's
 * intake path became 404 instead of 405, a POST to an unknown path 405 instead of 404).
 */
@Path("/assets")
public class ConsoleAssets {

    @GET
    @Path("{name}")
    public Response asset(@PathParam("name") String name) {
        return switch (name) {
            case "console.css" -> serve("console/console.css", "text/css;charset=UTF-8");
            case "htmx.min.js" -> serve("console/htmx/htmx.min.js", "text/javascript;charset=UTF-8");
            case "echarts.min.js" -> serve("console/echarts/echarts.min.js", "text/javascript;charset=UTF-8");
            case "dashboard.js" -> serve("console/dashboard.js", "text/javascript;charset=UTF-8");
            default -> throw new NotFoundException();
        };
    }

    private static Response serve(String resource, String type) {
        InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new NotFoundException();
        }
        return Response.ok(in, type).header("Cache-Control", "public, max-age=3600")
                .header("X-Content-Type-Options", "nosniff").build();
    }

}
