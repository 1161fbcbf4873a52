package org.fengqiao.gateway.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.SignedSources;
import org.fengqiao.gateway.support.TestClock;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * The console's safety, over HTTP: sign-in with the realm's development passwords on its form, a
 * session cookie that scripts cannot read and other sites cannot send, a Content-Security-Policy on
 * its pages, a CSRF token required on its forms (the sign-in form's too, before any password is
 * looked at), and an API that takes that cookie for nothing.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class ConsoleSecurityTest {

    static final String SESSION = "quarkus-credential";
    static final String CSRF = "csrf-token";

    @Test
    void theConsoleAsksForASignInAndTheCookieIsGuarded() {
        given().redirects().follow(false).get("/console/").then().statusCode(302)
                .header("Location", endsWith("/console/sign-in"));
        given().get("/console/sign-in").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .body(containsString("登录"));

        SignInForm form = SignInForm.open();
        form.post("330681104", "guessed").then().statusCode(302)
                .header("Location", containsString("/console/sign-in?error"))
                .header("Set-Cookie", not(containsString(SESSION + "=")));

        Response signedIn = signIn("330681104");
        String cookie = signedIn.getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(SESSION + "=")).findFirst().orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .contains("Path=/console");

        given().cookie(SESSION, signedIn.getCookie(SESSION)).get("/console/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .body(containsString("待办"));
        // The API does not take the console's cookie: its staff sign in with Basic or a bearer token.
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        given().header(SignedSources.UNSIGNED, "1").cookie(SESSION, signedIn.getCookie(SESSION))
                .get("/api/v1/disputes/" + id).then().statusCode(401);
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused() {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        String session = signIn("330681104").getCookie(SESSION);
        // Another township's clerk: the dispute's page is not found, as on the API.
        given().cookie(SESSION, signIn("330681109").getCookie(SESSION)).get("/console/disputes/" + id).then()
                .statusCode(404).body(not(containsString("邻居装修噪音扰民")));
        // The page sets the token's cookie and puts the same token in its form.
        Response page = given().cookie(SESSION, session).get("/console/disputes/" + id);
        page.then().statusCode(200);
        String csrfCookie = page.getCookie("csrf-token");
        assertThat(csrfCookie).isNotBlank();

        given().redirects().follow(false).cookie(SESSION, session).cookie("csrf-token", csrfCookie)
                .formParam("csrf-token", "forged").post("/console/disputes/" + id + "/sign").then().statusCode(400);
        given().redirects().follow(false).cookie(SESSION, session)
                .formParam("nothing", "here").post("/console/disputes/" + id + "/sign").then().statusCode(400);
        GatewayApi.status(id, "DISPATCHED");

        given().redirects().follow(false).cookie(SESSION, session).cookie("csrf-token", csrfCookie)
                .formParam("csrf-token", csrfCookie).post("/console/disputes/" + id + "/sign").then().statusCode(303)
                .header("Location", endsWith("/console/disputes/" + id + "?done=signed"));
        GatewayApi.status(id, "SIGNED");

        // The inbox's status filter, on the page and on the rows it polls for.
        given().cookie(SESSION, session).get("/console/?status=IN_PROGRESS").then().statusCode(200)
                .body(containsString(id));
        given().cookie(SESSION, session).get("/console/inbox/items?status=TO_SIGN").then().statusCode(200)
                .body(not(containsString(id)));
        long now = new TestClock().millis();
        given().cookie(SESSION, session).get("/console/inbox/items?status=IN_PROGRESS&since=" + now).then()
                .statusCode(200).body(containsString(id)).body(not(containsString("<html")))
                .body(containsString("hx-trigger")).body(not(containsString("自动刷新已暂停")));
        // A page open for longer than the session's inactivity timeout stops polling (and renewing it).
        long longAgo = now - Duration.ofMinutes(31).toMillis();
        given().cookie(SESSION, session).get("/console/inbox/items?status=IN_PROGRESS&since=" + longAgo).then()
                .statusCode(200).body(containsString(id)).body(not(containsString("hx-trigger")))
                .body(containsString("自动刷新已暂停"));
    }

    @Test
    void aSignInPostWithoutItsFormsTokenIsRefusedBeforeThePassword() {
        SignInForm form = SignInForm.open();
        assertThat(form.token()).isNotBlank();
        // The right password, but a post made elsewhere: no token, another token, or no cookie to match.
        assertRefused(given().redirects().follow(false).formParam("j_username", "330681104")
                .formParam("j_password", "dev-330681104").post("/console/j_security_check"));
        assertRefused(given().redirects().follow(false).cookie(CSRF, form.token()).formParam(CSRF, "forged")
                .formParam("j_username", "330681104").formParam("j_password", "dev-330681104")
                .post("/console/j_security_check"));
        assertRefused(given().redirects().follow(false).formParam(CSRF, form.token())
                .formParam("j_username", "330681104").formParam("j_password", "dev-330681104")
                .post("/console/j_security_check"));
        // With its token, the password decides.
        form.post("330681104", "guessed").then().statusCode(302).header("Location", containsString("?error"));
        form.post("330681104", "dev-330681104").then().statusCode(302).header("Location", endsWith("/console/"));
    }

    private static void assertRefused(Response response) {
        response.then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("登录表单已失效")).body(containsString("密码未经核对"));
        assertThat(response.getHeaders().getValues("Set-Cookie")).noneMatch(c -> c.startsWith(SESSION + "="));
    }

    @Test
    void theApiStillSignsStaffInWithBasic() {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        given().header("Authorization", SignedSources.basic("330681104")).get("/api/v1/disputes/" + id).then()
                .statusCode(200).body("dispute.status", equalTo("DISPATCHED"));
        given().header(SignedSources.UNSIGNED, "1").get("/api/v1/disputes/" + id).then().statusCode(401)
                .body("code", equalTo("UNAUTHORIZED"));
    }

    /** Signs in on the console's form, as the browser does: the form's page first, for its CSRF token. */
    static Response signIn(String handlerId) {
        Response response = SignInForm.open().post(handlerId, "dev-" + handlerId);
        response.then().statusCode(302).header("Location", endsWith("/console/"));
        return response;
    }

    /** The sign-in page as served: its CSRF cookie, and the same token in its form. */
    record SignInForm(String token) {

        static SignInForm open() {
            Response page = given().get("/console/sign-in");
            page.then().statusCode(200);
            String cookie = page.getCookie(CSRF);
            assertThat(page.asString()).contains("name=\"" + CSRF + "\" value=\"" + cookie + "\"");
            return new SignInForm(cookie);
        }

        Response post(String user, String password) {
            return given().redirects().follow(false).cookie(CSRF, token).formParam(CSRF, token)
                    .formParam("j_username", user).formParam("j_password", password).post("/console/j_security_check");
        }
    }
}
