package org.fengqiao.gateway.open311;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestDefinition;
import org.fengqiao.gateway.canonical.DisputeDraft;
import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.casestatus.CaseStatusReader;
import org.fengqiao.gateway.casestatus.PublicCase;
import org.fengqiao.gateway.intake.IntakeRoutes;
import org.fengqiao.gateway.intake.mapped.MappedSourceAdapter;
import org.fengqiao.gateway.jurisdiction.CoordinateLookup;
import org.fengqiao.gateway.ledger.SourceCases;
import org.fengqiao.gateway.limits.IntakeGate;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.ForbiddenException;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.NotFoundException;
import org.fengqiao.gateway.problem.PayloadTooLargeException;
import org.fengqiao.gateway.problem.ProblemResponses;
import org.fengqiao.gateway.problem.ProblemTexts;
import org.fengqiao.gateway.problem.RateLimitedException;
import org.fengqiao.gateway.problem.ServiceUnavailableException;
import org.fengqiao.gateway.problem.Text;
import org.fengqiao.gateway.problem.UnauthorizedException;
import org.fengqiao.gateway.security.Refusals;

/**
 * Open311 GeoReport v2 at {@code /open311/v2/}, in JSON and XML ({@code .json}/{@code .xml} on the
 * path, JSON without): discovery, services and service definitions, requests filed and read back,
 * and tokens. A request filed here becomes a canonical dispute of the source {@value #SOURCE},
 * mapped by config/sources/OPEN311.yaml and accepted by the same intake as every source
 * ({@link IntakeRoutes#ACCEPT_DISPUTE}): resolved, routed, recorded, delivered. Errors answer in
 * Open311's form, a list of {@code {code, description}}.
 *
 * <p>Every call but discovery and services takes the client's {@code api_key}; a client files and
 * reads only its own requests. What is read back is the public status ({@link CaseStatusReader}):
 * never a description, an address or anything about a person.
 */
@ApplicationScoped
public class Open311Api extends RouteBuilder {

    public static final String SOURCE = "OPEN311";
    static final String BASE = "/open311/v2";
    /** The limits (gateway.sources.open311.*) of the facade as a whole; each client has its own as well. */
    static final String LIMITS = "open311";
    static final String SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";
    /** When this facade's interface last changed (discovery's changeset). */
    static final String CHANGESET = "2026-12-06T00:00:00+08:00";
    static final int MAX_FIELDS = 64;
    static final String FORM = "open311Form";
    static final int MAX_IDS = 100;
    static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final Pattern ATTRIBUTE = Pattern.compile("attribute\\[([a-z_]{1,32})]");
    /** 新昌县镜岭镇、新昌县儒岙镇: county and township, as the resolver reads them. */
    private String townshipNames(List<String> townshipCodes) {
        List<String> names = new ArrayList<>();
        for (String code : townshipCodes) {
            gazetteer.township(code).ifPresent(t -> names.add(gazetteer.countyName(t.parentCode()).orElse("") + t.name()));
        }
        return String.join("、", names);
    }

    private static final DateTimeFormatter NOTE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** What the standard's POST takes besides the attributes; anything else is not read. */
    static final Set<String> FIELDS = Set.of("api_key", "jurisdiction_id", "service_code", "lat", "long",
            "address_string", "address_id", "email", "device_id", "account_id", "first_name", "last_name", "phone",
            "description", "media_url", "client_token");

    @Inject
    Open311Clients clients;
    @Inject
    Open311Config config;
    @Inject
    MappedSourceAdapter mapped;
    @Inject
    IntakeGate gate;
    @Inject
    CaseStatusReader reader;
    @Inject
    CoordinateLookup coordinates;
    @Inject
    org.fengqiao.gateway.jurisdiction.Gazetteer gazetteer;
    @Inject
    ObjectMapper json;
    @Inject
    ProblemResponses problems;
    @Inject
    ProducerTemplate template;
    @Inject
    Clock clock;

    @FunctionalInterface
    interface Handler {
        void handle(Exchange exchange, String format) throws Exception;
    }

    @Override
    public void configure() {
        RestDefinition api = rest(BASE);
        endpoint(api.get("/{file}").id("rest-open311-get"), "open311-get", this::get,
                "Open311: discovery, services or requests (discovery.json, services.xml, requests.json ...)");
        endpoint(api.post("/{file}").id("rest-open311-post-request"), "open311-post", this::post,
                "Open311: a client files a request (requests.json or requests.xml, form-encoded, with its api_key)");
        endpoint(api.get("/services/{file}").id("rest-open311-service"), "open311-service", this::service,
                "Open311: one service's definition (its attributes)");
        endpoint(api.get("/requests/{file}").id("rest-open311-request"), "open311-request", this::request,
                "Open311: one of the client's requests, its public status");
        endpoint(api.get("/tokens/{file}").id("rest-open311-token"), "open311-token", this::token,
                "Open311: the request id of a token the client filed with");
    }

    /** A call just declared on {@code verb}, handed to the route {@code direct:<route>} that answers it with {@code handler}. */
    private void endpoint(RestDefinition verb, String route, Handler handler, String description) {
        verb.description(description).to("direct:" + route);
        from("direct:" + route).routeId(route).process(e -> guarded(e, handler));
    }

    /** Limits first, as for every source; any failure answered in Open311's form. */
    private void guarded(Exchange exchange, Handler handler) throws Exception {
        exchange.setProperty(Refusals.SOURCE_PROPERTY, SOURCE);
        String format = Open311Replies.formatOf(exchange.getMessage().getHeader("file", String.class));
        // platform-http hands a form-encoded body over already decoded, as a map of its fields.
        if (exchange.getMessage().getBody() instanceof Map<?, ?> fields) {
            exchange.setProperty(FORM, fields);
        }
        try {
            gate.admit(LIMITS, exchange);
            handler.handle(exchange, format);
        } catch (Exception failure) {
            error(exchange, format, failure);
        }
    }

    private String file(Exchange exchange) {
        return Open311Replies.baseOf(exchange.getMessage().getHeader("file", String.class));
    }

    // ---- GET discovery, services, requests

    private void get(Exchange exchange, String format) throws Exception {
        switch (file(exchange)) {
            case "discovery" -> Open311Replies.reply(exchange, 200, format, "discovery", discovery(exchange), json);
            case "services" -> {
                ArrayNode list = json.createArrayNode();
                for (Open311Services.Service service : Open311Services.all()) {
                    ObjectNode item = list.addObject();
                    item.put("service_code", service.code());
                    item.put("service_name", service.name());
                    item.put("description", service.description());
                    item.put("metadata", service.metadata());
                    item.put("type", "realtime");
                    item.put("keywords", service.name());
                    item.put("group", "矛盾纠纷");
                }
                Open311Replies.reply(exchange, 200, format, "services", list, json);
            }
            case "requests" -> listRequests(exchange, format);
            default -> throw new NotFoundException(new Text("open311.no-path"));
        }
    }

    private JsonNode discovery(Exchange exchange) {
        ObjectNode body = json.createObjectNode();
        body.put("changeset", CHANGESET);
        body.put("contact", "县社会治理中心（矛调中心）");
        body.put("key_service", "API 密钥由县社会治理中心发放");
        ObjectNode endpoint = body.putArray("endpoints").addObject();
        endpoint.put("specification", SPECIFICATION);
        endpoint.put("url", publicUrl(exchange));
        endpoint.put("changeset", CHANGESET);
        endpoint.put("type", "production");
        endpoint.putArray("formats").add("application/json").add("text/xml");
        return body;
    }

    private String publicUrl(Exchange exchange) {
        Optional<String> configured = config.publicUrl().filter(u -> !u.isBlank());
        if (configured.isPresent()) {
            return configured.get();
        }
        String host = exchange.getMessage().getHeader("Host", String.class);
        // Only a plain host[:port] is echoed back: anything else in Host is no address of ours.
        if (host == null || !host.matches("[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?")) {
            return BASE + "/";
        }
        return "http://" + host + BASE + "/";
    }

    private void service(Exchange exchange, String format) throws Exception {
        String code = file(exchange);
        Open311Services.Service service = Open311Services.byCode(code)
                .orElseThrow(() -> new NotFoundException(new Text("open311.no-service", code)));
        ObjectNode body = json.createObjectNode();
        body.put("service_code", service.code());
        ArrayNode attributes = body.putArray("attributes");
        for (Open311Services.Attribute attribute : service.attributes()) {
            ObjectNode item = attributes.addObject();
            item.put("variable", true);
            item.put("code", attribute.code());
            item.put("datatype", attribute.datatype());
            item.put("required", attribute.required());
            item.put("datatype_description", attribute.datatypeDescription());
            item.put("order", attribute.order());
            item.put("description", attribute.description());
        }
        Open311Replies.reply(exchange, 200, format, "service_definition", body, json);
    }

    // ---- POST requests

    private void post(Exchange exchange, String format) throws Exception {
        if (!"requests".equals(file(exchange))) {
            throw new NotFoundException(new Text("open311.no-path"));
        }
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new InvalidRequestException("Content-Type", new Text("open311.form-only"));
        }
        Map<?, ?> decoded = exchange.getProperty(FORM, Map.class);
        Map<String, String> form = decoded != null ? form(decoded) : form(exchange.getMessage().getBody(String.class));
        Open311Clients.Client client = clients.authenticate(form.get("api_key"));
        gate.admit(LIMITS + "-" + client.name(), exchange);

        List<FieldViolation> violations = new ArrayList<>();
        String token = form.get("client_token");
        if (token == null || token.isBlank()) {
            // Without a token of the client's, each post is a request of its own.
            token = UUID.randomUUID().toString();
        } else if (!TOKEN.matcher(token).matches()) {
            violations.add(new FieldViolation("client_token", new Text("open311.token-format")));
        }
        ObjectNode payload = payload(form, client, token, violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        DisputeDraft draft = mapped.toDraft(SOURCE, json.writeValueAsString(payload));

        Exchange accepted = template.send(IntakeRoutes.ACCEPT_DISPUTE, intake -> {
            intake.getMessage().setBody(draft);
            intake.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            intake.getMessage().setHeader(Exchange.HTTP_PATH, exchange.getMessage().getHeader(Exchange.HTTP_PATH));
            intake.setProperty(ProblemTexts.LOCALE_PROPERTY, exchange.getProperty(ProblemTexts.LOCALE_PROPERTY));
        });
        if (accepted.getException() != null) {
            throw accepted.getException();
        }
        var answer = accepted.getMessage();
        int status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 500, Integer.class);
        JsonNode body = json.readTree(bytes(answer.getBody()));
        if (status >= 300) {
            answerProblem(exchange, format, status, body, answer.getHeader("Retry-After", String.class));
            return;
        }
        String disputeId = body.path("disputeId").asText();
        ArrayNode reply = json.createArrayNode();
        ObjectNode item = reply.addObject();
        item.put("service_request_id", disputeId);
        item.put("token", token);
        item.put("service_notice", status == 202 ? "已受理，编号 " + disputeId : "此前已受理，编号 " + disputeId);
        Open311Replies.reply(exchange, status == 202 ? 201 : 200, format, "service_requests", reply, json);
        exchange.getMessage().setHeader("Location", BASE + "/requests/" + disputeId + "." + format);
    }

    /**
     * The form as the OPEN311 definition reads it (config/sources/OPEN311.yaml; its schema checks
     * every field). The gateway adds what the client cannot set: the client, the record id, the
     * service's name and the standard address at the coordinates.
     */
    private ObjectNode payload(Map<String, String> form, Open311Clients.Client client, String token,
            List<FieldViolation> violations) {
        ObjectNode payload = json.createObjectNode();
        payload.put("client", client.name());
        payload.put("clientName", client.displayName());
        payload.put("recordId", client.name() + "/" + token);

        String code = trimmed(form.get("service_code"));
        Open311Services.Service service = null;
        if (code == null) {
            violations.add(new FieldViolation("service_code", new Text("violation.required")));
        } else {
            service = Open311Services.byCode(code).orElse(null);
            if (service == null) {
                violations.add(new FieldViolation("service_code", new Text("open311.no-service", code)));
            } else {
                payload.put("service_code", code);
                payload.put("service_name", service.name());
            }
        }
        String description = trimmed(form.get("description"));
        if (description != null) {
            payload.put("description", description);
        }
        String media = trimmed(form.get("media_url"));
        if (media != null) {
            payload.put("media_url", media);
        }
        if (description != null) {
            // The canonical dispute has no link field: the photo's address stays with the text (never fetched).
            payload.put("text", media == null ? description : description + "\n附图：" + media);
        }

        String address = trimmed(form.get("address_string"));
        String lat = trimmed(form.get("lat"));
        String lon = trimmed(form.get("long"));
        if (address != null) {
            payload.put("address_string", address);
        }
        if ((lat == null) != (lon == null)) {
            violations.add(new FieldViolation(lat == null ? "lat" : "long", new Text("open311.lat-long-pair")));
        } else if (lat != null) {
            Double latitude = coordinate(lat, 90, "lat", violations);
            Double longitude = coordinate(lon, 180, "long", violations);
            if (latitude != null && longitude != null) {
                payload.put("lat", latitude);
                payload.put("long", longitude);
                CoordinateLookup.PointMatch match = coordinates.at(latitude, longitude);
                if (match.decided()) {
                    payload.put("address_code", match.standardAddressCode());
                }
                if (address == null) {
                    // Between townships: the text names them, and the resolver, never choosing between two,
                    // sends the request to triage with them as candidates.
                    payload.put("location_text", "坐标 " + lat + "," + lon
                            + (match.ambiguous() ? "（附近：" + townshipNames(match.townshipCodes()) + "）" : ""));
                }
            }
        } else if (address == null) {
            violations.add(new FieldViolation("address_string", new Text("open311.location-missing")));
        }
        if (address != null) {
            payload.put("location_text", address);
        }

        ObjectNode reporter = json.createObjectNode();
        String name = personName(trimmed(form.get("first_name")), trimmed(form.get("last_name")));
        if (name != null) {
            reporter.put("name", name);
        }
        putIf(reporter, "phone", trimmed(form.get("phone")));
        putIf(reporter, "email", trimmed(form.get("email")));
        if (!reporter.isEmpty()) {
            payload.set("reporter", reporter);
        }

        ObjectNode attributes = json.createObjectNode();
        for (var field : form.entrySet()) {
            var m = ATTRIBUTE.matcher(field.getKey());
            if (!m.matches()) {
                continue;
            }
            String attributeCode = m.group(1);
            Optional<Open311Services.Attribute> known = service == null ? Optional.empty()
                    : service.attributes().stream().filter(a -> a.code().equals(attributeCode)).findFirst();
            if (known.isEmpty()) {
                if (service != null) {
                    violations.add(new FieldViolation(field.getKey(), new Text("open311.attribute-unknown", service.code())));
                }
                continue;
            }
            String value = trimmed(field.getValue());
            if (value == null) {
                continue;
            }
            try {
                attributes.put(attributeCode, new BigDecimal(value));
            } catch (NumberFormatException notANumber) {
                violations.add(new FieldViolation(field.getKey(), new Text("violation.type", "number")));
            }
        }
        if (!attributes.isEmpty()) {
            payload.set("attribute", attributes);
        }
        return payload;
    }

    /** Chinese names are family name first: Open311's last_name, then first_name. */
    static String personName(String first, String last) {
        if (first == null || last == null) {
            return first == null ? last : first;
        }
        boolean latin = (first + last).chars().allMatch(c -> c < 0x80);
        return latin ? first + " " + last : last + first;
    }

    private static Double coordinate(String text, double bound, String field, List<FieldViolation> violations) {
        try {
            double value = Double.parseDouble(text);
            if (!Double.isNaN(value) && Math.abs(value) <= bound && text.length() <= 20) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        violations.add(new FieldViolation(field, new Text("violation.range", -bound, bound)));
        return null;
    }

    private static void putIf(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * An application/x-www-form-urlencoded body, decoded strictly: percent-escapes into bytes, the
     * bytes as UTF-8 (refused when not), each field once.
     */
    static Map<String, String> form(String body) {
        if (body == null || body.isEmpty()) {
            return new LinkedHashMap<>();
        }
        String[] pairs = body.split("&", -1);
        if (pairs.length > MAX_FIELDS) {
            throw new InvalidRequestException("$", new Text("open311.too-many-fields", MAX_FIELDS));
        }
        // Decoded as platform-http decodes a form (each name with its values), then read by the same rules.
        Map<String, List<String>> decoded = new LinkedHashMap<>();
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            decoded.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return form(decoded);
    }

    /** The form as platform-http decoded it: the same rules, each field once, at most {@value #MAX_FIELDS}. */
    static Map<String, String> form(Map<?, ?> decoded) {
        if (decoded.size() > MAX_FIELDS) {
            throw new InvalidRequestException("$", new Text("open311.too-many-fields", MAX_FIELDS));
        }
        Map<String, String> out = new LinkedHashMap<>();
        List<FieldViolation> violations = new ArrayList<>();
        for (var field : decoded.entrySet()) {
            String name = String.valueOf(field.getKey());
            if (!FIELDS.contains(name) && !ATTRIBUTE.matcher(name).matches()) {
                continue;
            }
            Object value = field.getValue();
            if (value instanceof java.util.Collection<?> many) {
                if (many.size() != 1) {
                    violations.add(new FieldViolation(name, new Text("open311.repeated")));
                    continue;
                }
                value = many.iterator().next();
            }
            out.put(name, value == null ? "" : value.toString());
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return out;
    }

    private static String decode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw new InvalidRequestException("$", new Text("open311.form-escape"));
                }
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        return IntakeGate.strictUtf8(bytes.toByteArray());
    }

    // ---- GET requests, requests/{id}, tokens/{token}

    private Open311Clients.Client caller(Exchange exchange) {
        return clients.authenticate(single(exchange, "api_key"));
    }

    private static String single(Exchange exchange, String name) {
        Object value = exchange.getMessage().getHeader(name);
        if (value instanceof List<?> many) {
            throw new InvalidRequestException(name, new Text("open311.repeated"));
        }
        return value == null ? null : trimmed(value.toString());
    }

    private void listRequests(Exchange exchange, String format) throws Exception {
        Open311Clients.Client client = caller(exchange);
        List<FieldViolation> violations = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        String idList = single(exchange, "service_request_id");
        if (idList != null) {
            for (String id : idList.split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.strip());
                }
            }
            if (ids.size() > MAX_IDS || ids.stream().anyMatch(id -> id.length() > 32)) {
                violations.add(new FieldViolation("service_request_id", new Text("open311.ids", MAX_IDS)));
            }
        }
        String code = single(exchange, "service_code");
        if (code != null && Open311Services.byCode(code).isEmpty()) {
            violations.add(new FieldViolation("service_code", new Text("open311.no-service", code)));
        }
        OffsetDateTime from = date(single(exchange, "start_date"), "start_date", violations);
        OffsetDateTime to = date(single(exchange, "end_date"), "end_date", violations);
        Set<DisputeStatus> statuses = null;
        String status = single(exchange, "status");
        if (status != null) {
            statuses = new LinkedHashSet<>();
            for (String one : status.split(",")) {
                switch (one.strip()) {
                    case "open" -> {
                        for (DisputeStatus s : DisputeStatus.values()) {
                            if (!CaseStatusReader.CLOSED.contains(s)) {
                                statuses.add(s);
                            }
                        }
                    }
                    case "closed" -> statuses.addAll(CaseStatusReader.CLOSED);
                    default -> violations.add(new FieldViolation("status", new Text("violation.one-of", "open, closed")));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        if (ids.isEmpty() && from == null && to == null) {
            // The standard's default: the last 90 days.
            from = GatewayTime.now(clock).minus(config.defaultWindow());
        }
        List<PublicCase> found = reader.list(SOURCE, new SourceCases.Filter(client.name() + "/", ids,
                code, from, to, statuses, config.maxResults()));
        ArrayNode list = json.createArrayNode();
        found.forEach(c -> list.add(view(c)));
        Open311Replies.reply(exchange, 200, format, "service_requests", list, json);
    }

    private static OffsetDateTime date(String text, String field, List<FieldViolation> violations) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            violations.add(new FieldViolation(field, new Text("open311.date")));
            return null;
        }
    }

    private void request(Exchange exchange, String format) throws Exception {
        Open311Clients.Client client = caller(exchange);
        String id = file(exchange);
        PublicCase found = reader.byDisputeId(SOURCE, id)
                .filter(c -> c.recordId().startsWith(client.name() + "/"))
                // Another client's request is not found: a client does not learn what others filed.
                .orElseThrow(() -> new NotFoundException(new Text("open311.no-request", id)));
        ArrayNode list = json.createArrayNode();
        list.add(view(found));
        Open311Replies.reply(exchange, 200, format, "service_requests", list, json);
    }

    private void token(Exchange exchange, String format) throws Exception {
        Open311Clients.Client client = caller(exchange);
        String token = file(exchange);
        if (!TOKEN.matcher(token).matches()) {
            throw new NotFoundException(new Text("open311.no-token", ""));
        }
        PublicCase found = reader.byRecordId(SOURCE, client.name() + "/" + token)
                .orElseThrow(() -> new NotFoundException(new Text("open311.no-token", token)));
        ArrayNode list = json.createArrayNode();
        ObjectNode item = list.addObject();
        item.put("service_request_id", found.disputeId());
        item.put("token", token);
        Open311Replies.reply(exchange, 200, format, "service_requests", list, json);
    }

    /** A request as Open311 shows it: the public status only. */
    private ObjectNode view(PublicCase found) {
        ObjectNode item = json.createObjectNode();
        item.put("service_request_id", found.disputeId());
        item.put("status", found.open() ? "open" : "closed");
        item.put("status_notes", statusNotes(found));
        Open311Services.byCode(found.categoryCode()).ifPresentOrElse(s -> {
            item.put("service_name", s.name());
            item.put("service_code", s.code());
        }, () -> item.put("service_code", found.categoryCode()));
        item.put("agency_responsible", found.handler().name());
        item.put("service_notice", found.statusName());
        item.put("requested_datetime", time(found.receivedAt()));
        item.put("updated_datetime", time(found.updatedAt()));
        item.put("expected_datetime", time(found.dueAt()));
        return item;
    }

    /** The status and the latest public step: 已签收。2026-12-06 10:15 诸暨市枫桥镇：签收 */
    static String statusNotes(PublicCase found) {
        StringBuilder notes = new StringBuilder(found.statusName() == null ? found.status() : found.statusName());
        if (found.outcome() != null) {
            notes.append("（").append(found.outcome().name()).append("）");
        }
        notes.append('。');
        if (!found.history().isEmpty()) {
            PublicCase.Step last = found.history().get(found.history().size() - 1);
            notes.append(NOTE_TIME.format(last.at())).append(' ');
            if (last.handlerName() != null) {
                notes.append(last.handlerName()).append('：');
            }
            notes.append(last.eventName());
        }
        return notes.toString();
    }

    private static String time(OffsetDateTime at) {
        return at == null ? null : at.toString();
    }

    // ---- errors

    /** Any failure as Open311's error list; refusals are counted and logged as every source's are. */
    private void error(Exchange exchange, String format, Exception failure) throws Exception {
        Locale locale = ProblemTexts.of(exchange);
        List<String> descriptions = new ArrayList<>();
        int status;
        String retryAfter = null;
        if (failure instanceof InvalidRequestException invalid) {
            status = 400;
            for (FieldViolation v : ProblemTexts.violations(locale, invalid.violations())) {
                descriptions.add(description(v.field(), v.message()));
            }
        } else if (failure instanceof NotFoundException) {
            status = 404;
        } else if (failure instanceof RateLimitedException limited) {
            status = 429;
            retryAfter = String.valueOf(Math.max(1, (limited.retryAfter().toMillis() + 999) / 1000));
        } else if (failure instanceof PayloadTooLargeException) {
            status = 413;
        } else if (failure instanceof ServiceUnavailableException unavailable) {
            status = 503;
            retryAfter = String.valueOf(Math.max(1, unavailable.retryAfter().toSeconds()));
        } else if (failure instanceof UnauthorizedException || failure instanceof ForbiddenException) {
            problems.answer(exchange, (RuntimeException) failure);
            fromProblemReply(exchange, format);
            return;
        } else {
            problems.answerFailure(exchange, failure);
            fromProblemReply(exchange, format);
            return;
        }
        answerErrors(exchange, format, status, descriptions, ProblemTexts.detail(locale, failure), retryAfter);
    }

    /** The problem details just answered, as Open311's error list. */
    private void fromProblemReply(Exchange exchange, String format) throws Exception {
        var message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 500, Integer.class);
        answerProblem(exchange, format, status, json.readTree(bytes(message.getBody())),
                message.getHeader("Retry-After", String.class));
    }

    private void answerProblem(Exchange exchange, String format, int status, JsonNode problem, String retryAfter)
            throws Exception {
        List<String> descriptions = new ArrayList<>();
        for (JsonNode violation : problem.path("errors")) {
            descriptions.add(description(violation.path("field").asText(), violation.path("message").asText()));
        }
        answerErrors(exchange, format, status, descriptions, problem.path("detail").asText(), retryAfter);
    }

    /** Open311's error list: one error a field's violation, or the one detail where no field is named. */
    private void answerErrors(Exchange exchange, String format, int status, List<String> descriptions, String detail,
            String retryAfter) throws Exception {
        ArrayNode errors = json.createArrayNode();
        // A failure without a message has no detail: its one description is then null.
        for (String description : descriptions.isEmpty() ? Collections.singletonList(detail) : descriptions) {
            errors.addObject().put("code", status).put("description", description);
        }
        Open311Replies.reply(exchange, status, format, "errors", errors, json);
        if (retryAfter != null) {
            exchange.getMessage().setHeader("Retry-After", retryAfter);
        }
    }

    private static String description(String field, String message) {
        return fieldName(field) + ": " + message;
    }

    /** A field of the mapped payload by the Open311 parameter it came from. */
    static String fieldName(String field) {
        if (field == null) {
            return "";
        }
        if (field.startsWith("reporter.")) {
            String name = field.substring("reporter.".length());
            return "name".equals(name) ? "first_name" : name;
        }
        if (field.startsWith("attribute.")) {
            return "attribute[" + field.substring("attribute.".length()) + "]";
        }
        return switch (field) {
            case "text" -> "description";
            case "location_text" -> "address_string";
            default -> field;
        };
    }

    private static byte[] bytes(Object body) {
        if (body instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] out = new byte[copy.remaining()];
            copy.get(out);
            return out;
        }
        if (body instanceof byte[] raw) {
            return raw;
        }
        return body == null ? "{}".getBytes(StandardCharsets.UTF_8) : body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
