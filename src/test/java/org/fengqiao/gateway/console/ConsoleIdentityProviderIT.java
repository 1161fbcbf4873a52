package org.fengqiao.gateway.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.smallrye.jwt.build.Jwt;
import org.fengqiao.gateway.support.GatewayProcess;
import org.fengqiao.gateway.support.ProductionSecrets;
import org.fengqiao.gateway.support.WorkOrders;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's sign-in through the county's identity provider (the OIDC authorization code flow), on
 * the packaged jar in {@code prod}: the provider is simulated by WireMock (its discovery document, its
 * keys, an authorization endpoint that sends the browser back with a code and the state, a token
 * endpoint answering ID tokens signed with this test's key, its sign-out). A client that follows
 * redirects and keeps cookies, as a browser does, reaches the 待办 of the handler its token names, acts
 * there as the person the token names, and signs out of the console and the provider; an account
 * whose token names no handler is refused with a page in Chinese. The API keeps taking the same
 * provider's bearer tokens beside it.
 */
class ConsoleIdentityProviderIT {

    static final String DIANKOU = "330681104";
    static final String CLIENT_ID = "fengqiao-console";
    static final String CLIENT_SECRET = "console-client-secret-" + UUID.randomUUID();
    static final String HOTLINE_SECRET = "hotline-secret-" + UUID.randomUUID();
    static final String REALM = "/realms/county";
    static final String KEY_ID = "it-signing-key";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    static WireMockServer provider;
    static KeyPair keys;
    static String issuer;
    static GatewayProcess gateway;

    @BeforeAll
    static void startProviderAndGateway() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        provider = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        provider.start();
        issuer = "http://127.0.0.1:" + provider.port() + REALM;
        String oidc = REALM + "/protocol/openid-connect";
        provider.stubFor(get(urlPathEqualTo(REALM + "/.well-known/openid-configuration")).willReturn(okJson(
                JSON.writeValueAsString(Map.of("issuer", issuer,
                        "authorization_endpoint", issuer + "/protocol/openid-connect/auth",
                        "token_endpoint", issuer + "/protocol/openid-connect/token",
                        "jwks_uri", issuer + "/protocol/openid-connect/certs",
                        "end_session_endpoint", issuer + "/protocol/openid-connect/logout",
                        "response_types_supported", List.of("code"),
                        "subject_types_supported", List.of("public"),
                        "id_token_signing_alg_values_supported", List.of("RS256"))))));
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) keys.getPublic());
        jwk.setKeyId(KEY_ID);
        jwk.setAlgorithm("RS256");
        jwk.setUse("sig");
        provider.stubFor(get(urlPathEqualTo(oidc + "/certs"))
                .willReturn(okJson("{\"keys\":[" + jwk.toJson() + "]}")));
        // The provider's sign-out sends the browser back where the console asked.
        provider.stubFor(get(urlPathEqualTo(oidc + "/logout")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "{{{request.query.post_logout_redirect_uri}}}")
                .withTransformers("response-template")));
        // Two accounts: a clerk of 店口镇, and one whose token names no handler.
        provider.stubFor(post(urlPathEqualTo(oidc + "/token")).withRequestBody(containing("code=clerk-code"))
                .willReturn(okJson(tokens(idToken("u-1001", "zhang.san", DIANKOU)))));
        provider.stubFor(post(urlPathEqualTo(oidc + "/token")).withRequestBody(containing("code=visitor-code"))
                .willReturn(okJson(tokens(idToken("u-2002", "li.si", null)))));

        Map<String, String> env = new HashMap<>(Map.of(
                "GATEWAY_STAFF_OIDC_ISSUER", issuer,
                "GATEWAY_STAFF_OIDC_CLIENT_ID", CLIENT_ID,
                "GATEWAY_STAFF_OIDC_CLIENT_SECRET", CLIENT_SECRET,
                // The API's bearer tokens from the same provider.
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", issuer + "/protocol/openid-connect/certs",
                "GATEWAY_STAFF_JWT_ISSUER", issuer,
                "GATEWAY_SECURITY_SOURCES__HOTLINE_12345__SECRET", HOTLINE_SECRET));
        env = ProductionSecrets.prodWith("console-oidc", env);
        gateway = new GatewayProcess("console-oidc", Path.of("target", "it-data", "console-oidc-" + System.nanoTime()),
                env).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop();
        }
        if (provider != null) {
            provider.stop();
        }
    }

    @Test
    void aClerkSignsInThroughTheProviderAndActsAsTheHandlerAndPersonItsTokenNames() throws Exception {
        String id = postWorkOrder();
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient browser = client(cookies, HttpClient.Redirect.NORMAL);
        authorizeWith("clerk-code");

        HttpResponse<String> inbox = browser.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/console/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(inbox.uri().getPath()).isEqualTo("/console/");
        assertThat(inbox.body()).contains("待办").contains("店口镇（zhang.san）").contains(id);
        // A browser follows the sign-out form's redirect to the provider only if form-action names it.
        assertThat(inbox.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("form-action 'self' " + issuer + ";");
        // The code was exchanged by the console's confidential client.
        provider.verify(postRequestedFor(urlPathEqualTo(REALM + "/protocol/openid-connect/token"))
                .withRequestBody(containing("code=clerk-code"))
                .withHeader("Authorization", matching("Basic .+")));

        // 签收 from the dispute's page: recorded as done by the token's person, for its handler.
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(
                URI.create(gateway.baseUrl() + "/console/disputes/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> signed = browser.send(form("/console/disputes/" + id + "/sign", csrf(page.body())),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(signed.body()).contains("已签收");
        JsonNode dispute = JSON.readTree(api("/api/v1/disputes/" + id, bearer(DIANKOU)).body());
        assertThat(dispute.path("dispute").path("status").asText()).isEqualTo("SIGNED");
        JsonNode act = dispute.path("history").findParents("event").stream()
                .filter(h -> "SIGNED".equals(h.path("event").asText())).findFirst().orElseThrow();
        assertThat(act.path("person").asText()).isEqualTo("zhang.san");
        assertThat(act.path("handlerId").asText()).isEqualTo(DIANKOU);

        // Sign-out ends the session here and at the provider, which sends the browser back to sign in.
        HttpResponse<String> signedOut = browser.send(form("/console/sign-out", csrf(signed.body())),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedOut.statusCode()).isEqualTo(200);
        assertThat(signedOut.uri().getPath()).isEqualTo("/console/sign-in");
        assertThat(signedOut.body()).contains("统一身份认证登录");
        provider.verify(getRequestedFor(urlPathEqualTo(REALM + "/protocol/openid-connect/logout"))
                .withQueryParam("id_token_hint", matching(".+\\..+\\..+"))
                .withQueryParam("post_logout_redirect_uri", matching(".*/console/sign-in")));
        HttpResponse<String> after = client(cookies, HttpClient.Redirect.NEVER).send(HttpRequest.newBuilder(
                URI.create(gateway.baseUrl() + "/console/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElseThrow())
                .startsWith(issuer + "/protocol/openid-connect/auth?");
    }

    @Test
    void anAccountWhoseTokenNamesNoHandlerIsRefusedInChinese() throws Exception {
        HttpClient browser = client(new CookieManager(null, CookiePolicy.ACCEPT_ALL), HttpClient.Redirect.NORMAL);
        authorizeWith("visitor-code");
        HttpResponse<String> refused = browser.send(HttpRequest.newBuilder(
                URI.create(gateway.baseUrl() + "/console/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("text/html");
        assertThat(refused.body()).contains("没有指定所代表的处置单位").doesNotContain("待办");
        // Nobody was signed in: the console still sends this browser to the provider.
        HttpResponse<String> again = client(new CookieManager(), HttpClient.Redirect.NEVER).send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/console/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(302);
    }

    @Test
    void theApiTakesTheProvidersBearerTokensAndNoPasswords() throws Exception {
        assertThat(api("/api/v1/handlers/" + DIANKOU + "/items", bearer(DIANKOU)).statusCode()).isEqualTo(200);
        String basic = "Basic " + java.util.Base64.getEncoder()
                .encodeToString((DIANKOU + ":dev-" + DIANKOU).getBytes(StandardCharsets.UTF_8));
        assertThat(api("/api/v1/handlers/" + DIANKOU + "/items", basic).statusCode()).isEqualTo(401);
        // The sign-in page offers the provider only: prod takes no passwords.
        HttpResponse<String> signIn = client(new CookieManager(), HttpClient.Redirect.NEVER).send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/console/sign-in")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.body()).contains("统一身份认证登录").doesNotContain("j_password");
    }

    /** The provider's authorization endpoint signs this account in and sends the browser back with its code. */
    private static void authorizeWith(String code) {
        provider.stubFor(get(urlPathEqualTo(REALM + "/protocol/openid-connect/auth")).willReturn(aResponse()
                .withStatus(302)
                .withHeader("Location", "{{{request.query.redirect_uri}}}?code=" + code + "&state={{{request.query.state}}}")
                .withTransformers("response-template")));
    }

    private static String idToken(String subject, String username, String handler) {
        var claims = Jwt.issuer(issuer).subject(subject).audience(CLIENT_ID).claim("preferred_username", username)
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(600));
        if (handler != null) {
            claims.claim("handler_id", handler);
        }
        return claims.jws().keyId(KEY_ID).sign(keys.getPrivate());
    }

    private static String tokens(String idToken) throws Exception {
        return JSON.writeValueAsString(Map.of("access_token", "opaque-" + UUID.randomUUID(), "token_type", "Bearer",
                "expires_in", 600, "id_token", idToken));
    }

    /** An API token from the same provider, as a township's system would hold. */
    private static String bearer(String handler) {
        return "Bearer " + Jwt.issuer(issuer).subject("system-" + handler).claim("handler_id", handler)
                .expiresAt(Instant.now().plusSeconds(300)).jws().keyId(KEY_ID).sign(keys.getPrivate());
    }

    private static HttpResponse<String> api(String path, String authorization) throws Exception {
        return client(new CookieManager(), HttpClient.Redirect.NEVER).send(HttpRequest.newBuilder(
                URI.create(gateway.baseUrl() + path)).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A hotline work order for 店口镇, signed with the hotline's secret of this start. */
    private static String postWorkOrder() throws Exception {
        String body = WorkOrders.json(WorkOrders.valid(WorkOrders.newGdbh()));
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String nonce = UUID.randomUUID().toString().replace("-", "");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HOTLINE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(
                mac.doFinal((timestamp + "\n" + nonce + "\n" + body).getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> answer = client(new CookieManager(), HttpClient.Redirect.NEVER).send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/sources/hotline/work-orders"))
                        .header("Content-Type", "application/json").header("X-Fq-Source", "HOTLINE_12345")
                        .header("X-Fq-Timestamp", timestamp).header("X-Fq-Nonce", nonce)
                        .header("X-Fq-Signature", signature)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return JSON.readTree(answer.body()).path("disputeId").asText();
    }

    private static String csrf(String page) {
        Matcher m = CSRF_FIELD.matcher(page);
        assertThat(m.find()).as("a CSRF field on the page").isTrue();
        return m.group(1);
    }

    private HttpRequest form(String path, String csrfToken) {
        return HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf-token=" + URLEncoder.encode(csrfToken, StandardCharsets.UTF_8)))
                .build();
    }

    private static HttpClient client(CookieManager cookies, HttpClient.Redirect redirects) {
        return HttpClient.newBuilder().cookieHandler(cookies).followRedirects(redirects)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }
}
