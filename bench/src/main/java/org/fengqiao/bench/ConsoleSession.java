package org.fengqiao.bench;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One person signed in to the console as a browser does: the form sign-in, then pages read with the
 * session cookie the gateway set (and renews). Pages are read one at a time, each in full.
 */
final class ConsoleSession {

    /** A page as read: its status, its body and how long from sending the request to its last byte. */
    record Page(int status, String body, long nanos) {
    }

    final String user;
    private final String baseUrl;
    private final HttpClient http;

    private ConsoleSession(String baseUrl, String user, HttpClient http) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.http = http;
    }

    /** Signs in with the form; the development password of the local profile is dev-<handler id>. */
    static ConsoleSession signIn(String baseUrl, String handlerId) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        // The sign-in form carries a CSRF token, with its cookie: read the form first, as a browser does.
        HttpResponse<String> signInPage = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/console/sign-in"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher csrf = java.util.regex.Pattern
                .compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">").matcher(signInPage.body());
        String token = csrf.find() ? URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(csrf.group(2), StandardCharsets.UTF_8) + "&" : "";
        String form = token + "j_username=" + URLEncoder.encode(handlerId, StandardCharsets.UTF_8) + "&j_password="
                + URLEncoder.encode("dev-" + handlerId, StandardCharsets.UTF_8);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/console/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String location = answer.headers().firstValue("Location").orElse("");
        if (answer.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("sign-in as " + handlerId + " refused: " + answer.statusCode() + " " + location);
        }
        return new ConsoleSession(baseUrl, handlerId, http);
    }

    /**
     * A call of the REST API as the same person: HTTP Basic with the development password, as an
     * integration the centre runs would call it. Timed the same way as a page.
     */
    Page api(String path) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString((user + ":dev-" + user).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json").header("Authorization", "Basic " + basic).GET().build();
        long started = System.nanoTime();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - started;
        return new Page(answer.statusCode(), answer.body(), nanos);
    }

    Page get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "text/html").GET().build();
        long started = System.nanoTime();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - started;
        return new Page(answer.statusCode(), answer.body(), nanos);
    }
}
