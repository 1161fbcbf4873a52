package org.fengqiao.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.ParamDefinition;
import org.apache.camel.model.rest.ResponseMessageDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.eclipse.microprofile.openapi.models.tags.Tag;
import org.fengqiao.gateway.intake.mapped.MappedSourceAdapter;
import org.fengqiao.gateway.security.SourceAuthentication;
import org.fengqiao.gateway.security.SourceSecurityConfig;

/**
 * Joins the gateway's Camel REST DSL into Quarkus's OpenAPI document ({@code /q/openapi}): every REST
 * verb the running CamelContext has, with its parameters, request and response schemas, examples and
 * security.
 *
 * <p>Why by hand: SmallRye OpenAPI scans JAX-RS, not Camel, and Camel Quarkus's own bridge
 * ({@code quarkus.camel.openapi.expose.enabled}) reads the REST DSL at build time, so it cannot see the
 * sources' routes, which are YAML files loaded from {@code routes/} at run time (a source added with
 * files must be described without a rebuild). So this filter runs when the document is asked for and
 * reads the RestDefinitions of the running context; the result is kept until the routes change.
 * Request schemas are the JSON Schemas the gateway validates with (OpenAPI 3.1 schemas are JSON Schema
 * 2020-12), put in {@code components/schemas} with their {@code $defs} beside them.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUN)
public class RestDslOpenApi implements OASFilter {

    static final String SOURCES_PREFIX = "/api/v1/sources/";
    static final String OPEN311_PREFIX = "/open311/";
    private static final List<String> PUBLIC_PREFIXES = List.of("/api/v1/schemas/", "/api/v1/jurisdiction/");
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The answer model a source's route file declares on a verb that takes the source's evaluations
     * ({@code responseMessage: [{code: "200", message: ..., responseModel: EvaluationApplied}]}): its
     * request is then the evaluation schema of the source's definition, not its cases' schema.
     */
    static final String EVALUATION_APPLIED = "EvaluationApplied";

    private static volatile Built cached;

    private record Built(int routeCount, Paths paths, Map<String, Schema> schemas, List<Tag> tags) {
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        CamelContext camel = Arc.container().instance(CamelContext.class).get();
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        List<RestDefinition> rests = model.getRestDefinitions();
        Built built = cached;
        if (built == null || built.routeCount() != camel.getRoutesSize()) {
            built = build(rests);
            cached = built;
        }
        Paths paths = openAPI.getPaths() == null ? OASFactory.createPaths() : openAPI.getPaths();
        built.paths().getPathItems().forEach(paths::addPathItem);
        openAPI.setPaths(paths);
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        built.schemas().forEach(components::addSchema);
        securitySchemes().forEach(components::addSecurityScheme);
        openAPI.setComponents(components);
        built.tags().forEach(openAPI::addTag);
    }

    private Built build(List<RestDefinition> rests) {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        commonSchemas(schemas);
        Paths paths = OASFactory.createPaths();
        Map<String, Tag> tags = new LinkedHashMap<>();
        for (RestDefinition rest : rests) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = join(rest.getPath(), verb.getPath());
                String tag = tagOf(path);
                tags.computeIfAbsent(tag, t -> OASFactory.createTag().name(t).description(tagDescription(t)));
                Operation operation = operation(rest, verb, path, schemas).addTag(tag);
                PathItem item = paths.getPathItem(path);
                if (item == null) {
                    item = OASFactory.createPathItem();
                    paths.addPathItem(path, item);
                }
                item.setOperation(PathItem.HttpMethod.valueOf(verb.asVerb().toUpperCase()), operation);
            }
        }
        return new Built(routeCount(), paths, schemas, new ArrayList<>(tags.values()));
    }

    private static int routeCount() {
        return Arc.container().instance(CamelContext.class).get().getRoutesSize();
    }

    private Operation operation(RestDefinition rest, VerbDefinition verb, String path, Map<String, Schema> schemas) {
        String id = verb.getId();
        Operation op = OASFactory.createOperation().operationId(id);
        ApiCatalogue.Entry entry = id == null ? null : ApiCatalogue.ENTRIES.get(id);
        // The DSL's description (the sources' YAML routes): first line the summary, the rest the description.
        String described = verb.getDescriptionText() != null ? verb.getDescriptionText() : rest.getDescriptionText();
        if (described != null) {
            String[] lines = described.strip().split("\n", 2);
            op.summary(lines[0].strip()).description(lines.length > 1 ? lines[1].strip() : lines[0].strip());
        } else if (entry != null) {
            op.summary(entry.summary()).description(entry.description());
        }
        Matcher params = PATH_PARAM.matcher(path);
        while (params.find()) {
            op.addParameter(OASFactory.createParameter().name(params.group(1)).in(Parameter.In.PATH).required(true)
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        }
        for (ParamDefinition param : verb.getParams()) {
            if (param.getType() != null && "query".equals(param.getType().name())) {
                op.addParameter(OASFactory.createParameter().name(param.getName()).in(Parameter.In.QUERY)
                        .required(param.getRequired()).description(param.getDescription())
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
            }
        }
        if (entry != null) {
            entry.query().forEach(q -> op.addParameter(OASFactory.createParameter().name(q.name()).in(Parameter.In.QUERY)
                    .required(q.required()).description(q.description())
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING))));
        }

        APIResponses responses = OASFactory.createAPIResponses();
        if (path.startsWith(OPEN311_PREFIX)) {
            open311(op, verb, path, responses);
        } else if (path.startsWith(SOURCES_PREFIX) && "get".equals(verb.asVerb())) {
            // A source reading its own case back (casestatus.SourceStatusApi), with the credential it posts with.
            responses.addAPIResponse("200", json("The case's public status: status, handler, deadlines, outcome, "
                    + "public history; nothing personal", "SourceCaseStatus"));
            problems(responses, "400", "401", "403", "404", "429", "503");
            op.security(List.of(OASFactory.createSecurityRequirement().addScheme("sourceSignature"),
                    OASFactory.createSecurityRequirement().addScheme("sourceApiKey")));
        } else if (path.startsWith(SOURCES_PREFIX)) {
            List<ResponseMessageDefinition> declared = verb.getResponseMsgs() == null ? List.of() : verb.getResponseMsgs();
            boolean evaluation = declared.stream().anyMatch(m -> EVALUATION_APPLIED.equals(m.getResponseModel()));
            sourceRequest(op, verb, path, schemas, evaluation);
            if (declared.isEmpty()) {
                responses.addAPIResponse("202", json("A new dispute was recorded and delivered to its handler", "IntakeOutcome"));
                responses.addAPIResponse("200", json("The gateway already has this record: the same dispute, nothing new",
                        "IntakeOutcome"));
            } else {
                // What the route file declares it answers, with the model when it names one of the components.
                for (ResponseMessageDefinition message : declared) {
                    String model = message.getResponseModel();
                    responses.addAPIResponse(message.getCode() == null ? "200" : message.getCode(),
                            model != null && schemas.containsKey(model) ? json(message.getMessage(), model)
                                    : OASFactory.createAPIResponse().description(message.getMessage()));
                }
            }
            if (evaluation) {
                problems(responses, "400", "401", "403", "404", "409", "413", "415", "429", "503");
            } else {
                problems(responses, "400", "401", "403", "413", "415", "429", "503");
            }
            op.security(List.of(OASFactory.createSecurityRequirement().addScheme("sourceSignature"),
                    OASFactory.createSecurityRequirement().addScheme("sourceApiKey")));
        } else {
            if (entry != null && entry.request() != null) {
                boolean multipart = entry.requestType().startsWith("multipart/");
                op.requestBody(OASFactory.createRequestBody().required(true).content(OASFactory.createContent()
                        .addMediaType(entry.requestType(), OASFactory.createMediaType()
                                .schema(ref(entry.request())).example(multipart
                                        ? Map.of("file", "(the file's bytes, e.g. 调解协议书.pdf)")
                                        : "HandlerEvent".equals(entry.request()) ? example("handler-event.json")
                                        : entry.example()))));
            }
            String okStatus = entry == null ? "200" : entry.okStatus();
            String okSchema = entry == null ? null : entry.response();
            boolean isSchema = path.startsWith("/api/v1/schemas/");
            boolean binary = "Binary".equals(okSchema);
            responses.addAPIResponse(okStatus, OASFactory.createAPIResponse().description("OK")
                    .content(OASFactory.createContent().addMediaType(isSchema ? "application/schema+json"
                            : binary ? "application/octet-stream" : "application/json",
                            OASFactory.createMediaType().schema(okSchema == null ? OASFactory.createSchema() : ref(okSchema)))));
            boolean open = PUBLIC_PREFIXES.stream().anyMatch(path::startsWith);
            if (open) {
                problems(responses, "400", "404", "429", "503");
                op.security(List.of());
            } else {
                problems(responses, "400", "401", "403", "404", "409", "413", "429", "503");
                op.security(List.of(OASFactory.createSecurityRequirement().addScheme("staffBasic"),
                        OASFactory.createSecurityRequirement().addScheme("staffBearer")));
            }
        }
        return op.responses(responses);
    }

    /** The source's own schema, from its definition: its cases' or, for an evaluation verb, its evaluations'. */
    private void sourceRequest(Operation op, VerbDefinition verb, String path, Map<String, Schema> schemas,
            boolean evaluation) {
        boolean xml = !evaluation && verb.getConsumes() != null && verb.getConsumes().contains("xml");
        Optional<Path> file = fileDefinedSchema(path, evaluation);
        if (file.isEmpty()) {
            return;
        }
        JsonNode schema = readTree(read(file.get()));
        String name = componentName(file.get().getFileName().toString());
        String exampleText = exampleOf(file.get(), xml ? ".xml" : ".json");
        schemas.putAll(toSchemas(name, schema));
        String mediaType = verb.getConsumes() == null ? "application/json" : verb.getConsumes().split(",")[0].strip();
        MediaType media = OASFactory.createMediaType().schema(ref(name));
        Object example = exampleText == null || xml ? exampleText
                : JSON.convertValue(readTree(exampleText), Object.class);
        if (example != null) {
            media.example(example);
        }
        op.requestBody(OASFactory.createRequestBody().required(true)
                .description(xml ? "The XML document; the schema describes it read as a tree (each child element a field)"
                        : "The source's native payload, validated against this schema")
                .content(OASFactory.createContent().addMediaType(mediaType, media)));
    }

    /** The schema of the source whose credential's path is the path's first segment after /api/v1/sources/. */
    private static Optional<Path> fileDefinedSchema(String path, boolean evaluation) {
        String segment = path.substring(SOURCES_PREFIX.length()).split("/")[0];
        var config = Arc.container().instance(SourceSecurityConfig.class).get();
        var mapped = Arc.container().instance(MappedSourceAdapter.class).get();
        return config.sources().entrySet().stream().filter(e -> e.getValue().path().equals(segment))
                .map(e -> evaluation ? mapped.evaluationSchemaFileOf(e.getKey()) : mapped.schemaFileOf(e.getKey()))
                .flatMap(Optional::stream).findFirst();
    }

    /** A JSON Schema as components: itself under {@code name}, each of its {@code $defs} as {@code name_def}. */
    static Map<String, Schema> toSchemas(String name, JsonNode schema) {
        Map<String, Schema> out = new LinkedHashMap<>();
        JsonNode defs = schema.path("$defs");
        for (Iterator<Map.Entry<String, JsonNode>> it = defs.fields(); it.hasNext();) {
            var def = it.next();
            out.put(name + "_" + def.getKey(), toSchema(def.getValue(), name));
        }
        out.put(name, toSchema(schema, name));
        return out;
    }

    private static Schema toSchema(JsonNode node, String name) {
        Schema schema = OASFactory.createSchema();
        node.fields().forEachRemaining(field -> {
            String key = field.getKey();
            JsonNode value = field.getValue();
            switch (key) {
                case "$schema", "$id", "$defs" -> {
                }
                case "$ref" -> schema.set("$ref", value.asText().replace("#/$defs/", "#/components/schemas/" + name + "_"));
                case "properties" -> {
                    Map<String, Object> properties = new LinkedHashMap<>();
                    value.fields().forEachRemaining(p -> properties.put(p.getKey(), toSchema(p.getValue(), name)));
                    schema.set("properties", properties);
                }
                case "items", "not", "additionalProperties" -> schema.set(key,
                        value.isObject() ? toSchema(value, name) : plain(value));
                case "allOf", "anyOf", "oneOf" -> {
                    List<Object> parts = new ArrayList<>();
                    value.forEach(part -> parts.add(toSchema(part, name)));
                    schema.set(key, parts);
                }
                default -> schema.set(key, plain(value));
            }
        });
        return schema;
    }

    private static Object plain(JsonNode value) {
        return JSON.convertValue(value, Object.class);
    }

    static String componentName(String schemaFile) {
        StringBuilder out = new StringBuilder();
        for (String part : schemaFile.replace(".schema.json", "").replace(".json", "").split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    private static void commonSchemas(Map<String, Schema> schemas) {
        schemas.putAll(toSchemas("CanonicalDispute", readTree(resource("schemas/canonical-dispute-v1.json"))));
        schemas.putAll(toSchemas("HandlerEvent", readTree(resource("schemas/handler-event.json"))));
        schemas.put("Problem", object(Map.of("type", str("a URI naming the kind of problem"),
                "title", str("short summary, in the language asked for (Accept-Language)"),
                "status", integer("the HTTP status"), "detail", str("what went wrong; never quotes the request"),
                "code", str("stable machine-readable code, e.g. INVALID_REQUEST, UNAUTHORIZED, RATE_LIMITED"),
                "errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(object(Map.of(
                        "field", str("the offending field, dotted: sqr.xm, dfr[0].sfzh"),
                        "message", str("what is wrong with it"))))
                        .description("one entry per offending field"),
                "currentState", str("on a conflict (409): the dispute's current status")))
                .description("RFC 9457 problem details"));
        schemas.put("IntakeOutcome", object(Map.of("disputeId", str("the gateway's dispute id, e.g. FQ2026112900000001"),
                "status", str("the dispute's status"), "created", bool("true when this request created it"))));
        schemas.put("EvaluationApplied", object(Map.of("disputeId", str("the dispute"), "status", str("its status now"))));
        schemas.put("EventApplied", object(Map.of("disputeId", str("the dispute"), "status", str("its status now"))));
        schemas.put("JsonSchema", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("a JSON Schema, draft 2020-12"));
        schemas.put("JurisdictionResolution", object(Map.of("townshipCode", str("9-digit township code"),
                "townshipName", str(null), "countyCode", str("6-digit county code"), "countyName", str(null),
                "villageCode", str("12-digit village code, when known"), "villageName", str(null),
                "method", str("how it was found"), "confidence", OASFactory.createSchema().addType(Schema.SchemaType.NUMBER),
                "candidates", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY),
                "handlerId", str("the handler a dispute there goes to"))));
        schemas.put("DisputeWithHistory", object(Map.of("dispute", ref("CanonicalDispute"),
                "history", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(object(Map.of()))
                        .description("the acts on the dispute, oldest first"))));
        schemas.put("InboxPage", object(Map.of("handlerId", str(null), "status", str(null), "page", integer(null),
                "size", integer(null), "total", integer("items in all pages"),
                "items", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(object(Map.of(
                        "disputeId", str(null), "status", str(null), "sourceSystem", str(null),
                        "categoryCode", str(null), "urgency", str(null), "title", str(null),
                        "townshipCode", str(null), "receivedAt", str("ISO-8601 with offset"),
                        "dueAt", str("ISO-8601 with offset")))))));
        schemas.put("ReencryptResult", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("how many values were rewritten"));
        schemas.put("DeadLetters", object(Map.of("items", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                .items(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)))));
        schemas.put("Redriven", object(Map.of("id", integer(null), "status", str("QUEUED"))));
        schemas.put("AttachmentUpload", object(Map.of("file", str("the file").format("binary"))));
        schemas.put("AttachmentUploaded", object(Map.of("id", str("name it in the act's attachments"),
                "fileName", str(null), "contentType", str("detected from the bytes"), "size", integer("bytes"),
                "sha256", str("hex"), "href", str("where it is read once it is part of the dispute"),
                "state", str("PENDING until an act names it"), "note", str(null))));
        statisticsSchemas(schemas);
        Map<String, Schema> warningFields = new LinkedHashMap<>();
        warningFields.put("id", integer(null));
        warningFields.put("ruleId", str("the rule's id in config/warning-rules.yaml"));
        warningFields.put("ruleName", str(null));
        warningFields.put("subject", str("what the warning is about, masked"));
        warningFields.put("countyCode", str(null));
        warningFields.put("townshipCode", str(null));
        warningFields.put("raisedAt", str("ISO-8601 with offset"));
        warningFields.put("disputeIds", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(str(null))
                .description("the disputes that caused it"));
        warningFields.put("status", str("OPEN or ACKNOWLEDGED"));
        warningFields.put("acknowledgedBy", str("who acknowledged it"));
        warningFields.put("acknowledgedAt", str("ISO-8601 with offset"));
        warningFields.put("note", str("the acknowledgement's note"));
        Schema warning = object(warningFields);
        schemas.put("Warning", warning);
        schemas.put("Warnings", object(Map.of("area", str(null), "from", str("first raised date"),
                "to", str("last raised date"), "items", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(ref("Warning")))));
        schemas.put("WarningAcknowledgement", object(Map.of("note", str("what the centre did or decided, at most 1000 "
                + "characters"))).addRequired("note"));
        Map<String, Schema> backfillRun = new LinkedHashMap<>();
        backfillRun.put("runId", integer(null));
        backfillRun.put("source", str(null));
        backfillRun.put("file", str("the file's name"));
        backfillRun.put("state", str("RUNNING, DONE, or FAILED (the same request goes on)"));
        backfillRun.put("recordsDone", integer("lines (JSON lines) or records (XML) of the file done"));
        backfillRun.put("imported", integer(null));
        backfillRun.put("alreadyPresent", integer("records the ledger had already"));
        backfillRun.put("rejected", integer(null));
        backfillRun.put("overdue", integer("open records past their deadline, on the centre's list"));
        backfillRun.put("startedAt", str("ISO-8601 with offset"));
        backfillRun.put("finishedAt", str("ISO-8601 with offset"));
        backfillRun.put("failure", str("why it stopped"));
        backfillRun.put("rejections", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(object(Map.of(
                "line", integer("line (JSON lines) or record (XML)"), "reason", str("the fields and rules")))));
        schemas.put("BackfillRun", object(backfillRun));
        schemas.put("BackfillRequest", object(Map.of("source", str("the source, e.g. HOTLINE_12345"),
                "file", str("relative to gateway.backfill.folder"))).addRequired("source").addRequired("file"));
        schemas.put("BackfillOverdue", object(Map.of("county", str(null), "items", OASFactory.createSchema()
                .addType(Schema.SchemaType.ARRAY).items(object(Map.of("disputeId", str(null), "sourceSystem", str(null),
                        "handlerId", str(null), "countyCode", str(null), "townshipCode", str(null),
                        "categoryCode", str(null), "receivedAt", str("date-time"), "dueAt", str("date-time"),
                        "runId", integer(null)))))));
        schemas.put("SourceCaseStatus", object(Map.of("disputeId", str(null), "recordId", str("the source's own"),
                "status", str(null), "statusName", str("in Chinese"), "open", OASFactory.createSchema()
                        .addType(Schema.SchemaType.BOOLEAN), "handler", object(Map.of("id", str(null), "name", str(null))),
                "dueAt", str("date-time"), "outcome", object(Map.of("code", str(null), "name", str(null))),
                "history", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(object(Map.of(
                        "event", str(null), "eventName", str(null), "status", str(null), "at", str("date-time"),
                        "handlerName", str(null)))))));
        schemas.put("Open311Errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                .items(object(Map.of("code", integer("the HTTP status"), "description", str("the field and what is wrong")))));
        schemas.put("Open311Request", object(Map.of("api_key", str(null), "service_code", str(null),
                "description", str(null), "address_string", str(null), "lat", str(null), "long", str(null),
                "first_name", str(null), "last_name", str(null), "phone", str(null), "client_token",
                str("the same token again is the same request"))));
        schemas.put("Binary", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("binary")
                .description("the file's bytes; Content-Type is the type detected from them"));
    }

    /** The statistics' answers; every figure's description is its definition (statistics.Definitions). */
    private static void statisticsSchemas(Map<String, Schema> schemas) {
        Map<String, String> defined = new LinkedHashMap<>();
        for (var d : org.fengqiao.gateway.statistics.CountyStatistics.DEFINITIONS) {
            defined.put(d.figure(), d.nameZh() + "：分子 " + d.numerator() + "；分母 " + d.denominator() + "；" + d.counted());
        }
        Map<String, Schema> figures = new LinkedHashMap<>();
        for (String count : List.of("received", "dispatched", "signed", "signedOnTime", "resolved", "resolvedOnTime",
                "mediationConcluded", "mediatedSuccessfully", "returned", "extended", "overdueNow", "escalated",
                "reopened", "evaluated", "satisfied", "courtCases", "courtResolvedBeforeLitigation")) {
            figures.put(count, integer(defined.getOrDefault(count, "disputes, each counted once")));
        }
        for (String rate : List.of("averageHandlingHours", "p90HandlingHours", "signedOnTimeRate", "resolvedOnTimeRate",
                "mediationSuccessRate", "returnRate", "satisfactionRate", "preLitigationResolutionRate")) {
            figures.put(rate, OASFactory.createSchema().addType(Schema.SchemaType.NUMBER)
                    .description(defined.getOrDefault(rate, "") + (rate.endsWith("Rate")
                            ? " (0 to 1; null when the denominator is 0)" : " (null when nothing was resolved)")));
        }
        schemas.put("StatisticsFigures", object(figures));
        schemas.put("StatisticsOverview", object(Map.of(
                "query", object(Map.of("areaCode", str("county (6 digits) or city (4 digits)"),
                        "from", str("first received date, inclusive"), "to", str("last received date, inclusive"),
                        "by", str("the breakdown, or null"))),
                "asOf", str("ISO-8601: when the figures last caught up with the ledger (overdueNow is live)"),
                "total", ref("StatisticsFigures"),
                "rows", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(object(Map.of(
                        "key", str("township code, category code, source id, handler id or yyyy-MM"),
                        "label", str("its Chinese name"), "figures", ref("StatisticsFigures")))))));
        Schema counts = object(Map.of("petitionItems", integer(defined.get("petitionItems")),
                "repeatPetitions", integer(defined.get("repeatPetitions")),
                "disputes", integer("disputes received in the month"),
                "disputesPer10k", OASFactory.createSchema().addType(Schema.SchemaType.NUMBER)
                        .description(defined.get("disputesPer10k"))));
        schemas.put("StatisticsDeclines", object(Map.of("areaCode", str(null), "month", str("yyyy-MM"),
                "current", counts, "previousMonth", counts, "sameMonthLastYear", counts)));
        schemas.put("StatisticsDefinitions", object(Map.of("items", OASFactory.createSchema()
                .addType(Schema.SchemaType.ARRAY).items(object(Map.of("figure", str("the field name"),
                        "nameZh", str(null), "numerator", str(null), "denominator", str(null),
                        "counted", str("which statuses and events count")))))));
    }

    private static Map<String, SecurityScheme> securitySchemes() {
        Map<String, SecurityScheme> schemes = new LinkedHashMap<>();
        schemes.put("sourceSignature", OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name(SourceAuthentication.SIGNATURE_HEADER)
                .description("A source's HMAC signature. Send " + SourceAuthentication.SOURCE_HEADER + " (the source id), "
                        + SourceAuthentication.TIMESTAMP_HEADER + " (epoch seconds, within the replay window), "
                        + SourceAuthentication.NONCE_HEADER + " (unique per request) and "
                        + SourceAuthentication.SIGNATURE_HEADER
                        + " = hex(HMAC-SHA256(secret, timestamp + \"\\n\" + nonce + \"\\n\" + body))."));
        schemes.put("sourceApiKey", OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name(SourceAuthentication.API_KEY_HEADER)
                .description("A source configured with mode api-key sends its key instead of a signature."));
        schemes.put("open311ApiKey", OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.QUERY).name("api_key")
                .description("An Open311 client's key (gateway.open311.clients.*): a query parameter, and a form field on POST."));
        schemes.put("staffBasic", OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                .description("Staff sign-in against the handler realm (development and local use)."));
        schemes.put("staffBearer", OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("JWT").description("Staff sign-in with a JWT from the identity provider (production)."));
        return schemes;
    }

    /**
     * Open311 GeoReport v2 (open311.Open311Api): JSON or XML by the path's suffix, errors in Open311's
     * own form; the client's api_key as a parameter, where the call takes one.
     */
    private static void open311(Operation op, VerbDefinition verb, String path, APIResponses responses) {
        boolean post = "post".equals(verb.asVerb());
        if (post) {
            op.requestBody(OASFactory.createRequestBody().required(true).content(OASFactory.createContent()
                    .addMediaType("application/x-www-form-urlencoded", OASFactory.createMediaType()
                            .schema(ref("Open311Request")))));
        }
        responses.addAPIResponse(post ? "201" : "200", OASFactory.createAPIResponse()
                .description(post ? "Filed: [{service_request_id, token, service_notice}] (200: the token was filed before)"
                        : "The answer in the format the path's suffix names (.json, .xml)")
                .content(OASFactory.createContent()
                        .addMediaType("application/json", OASFactory.createMediaType().schema(OASFactory.createSchema()))
                        .addMediaType("text/xml", OASFactory.createMediaType().schema(OASFactory.createSchema()))));
        for (String status : List.of("400", "401", "404", "413", "429", "503")) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(problemText(status))
                    .content(OASFactory.createContent().addMediaType("application/json",
                            OASFactory.createMediaType().schema(ref("Open311Errors")))));
        }
        // Discovery and services need no key; requests and tokens do (the same verb serves both).
        boolean keyOptional = "get".equals(verb.asVerb()) && "/open311/v2/{file}".equals(path);
        List<SecurityRequirement> security = new java.util.ArrayList<>();
        if (keyOptional) {
            security.add(OASFactory.createSecurityRequirement());
        }
        security.add(OASFactory.createSecurityRequirement().addScheme("open311ApiKey"));
        op.security(security);
    }

    private static void problems(APIResponses responses, String... statuses) {
        for (String status : statuses) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(problemText(status))
                    .content(OASFactory.createContent().addMediaType("application/problem+json",
                            OASFactory.createMediaType().schema(ref("Problem")))));
        }
    }

    private static String problemText(String status) {
        return switch (status) {
            case "400" -> "Invalid request: each offending field is named in errors; nothing was stored";
            case "401" -> "Missing or invalid credentials; the missing or malformed header is named";
            case "403" -> "Valid credentials, but not for this endpoint or this dispute";
            case "404" -> "No such dispute, schema or item";
            case "409" -> "The dispute's state does not allow this (currentState says which it is in)";
            case "413" -> "The body is larger than this endpoint accepts";
            case "415" -> "The body is not in the media type this endpoint takes";
            case "429" -> "Too many requests from this source; retry after the Retry-After header";
            case "503" -> "The gateway cannot take the request now; nothing was lost, a retry is safe";
            default -> "Problem";
        };
    }

    private static org.eclipse.microprofile.openapi.models.responses.APIResponse json(String description, String schema) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType("application/json", OASFactory.createMediaType().schema(ref(schema))));
    }

    private static Schema ref(String name) {
        return OASFactory.createSchema().ref("#/components/schemas/" + name);
    }

    private static Schema object(Map<String, Schema> properties) {
        Schema schema = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT);
        new java.util.TreeMap<>(properties).forEach(schema::addProperty);
        return schema;
    }

    private static Schema str(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }

    private static Schema integer(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).description(description);
    }

    private static Schema bool(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.BOOLEAN).description(description);
    }

    private static String tagOf(String path) {
        if (path.startsWith(SOURCES_PREFIX)) {
            return "sources";
        }
        if (path.startsWith("/api/v1/schemas/")) {
            return "schemas";
        }
        if (path.startsWith("/api/v1/jurisdiction/")) {
            return "jurisdiction";
        }
        if (path.startsWith(OPEN311_PREFIX)) {
            return "open311";
        }
        return "staff";
    }

    private static String tagDescription(String tag) {
        return switch (tag) {
            case "sources" -> "What the source systems push, and their cases' status: signed with their HMAC secret (or API key)";
            case "schemas" -> "The published JSON Schemas (public)";
            case "jurisdiction" -> "The address resolver (public)";
            case "open311" -> "Open311 GeoReport v2 for civic reporting clients, each with its api_key (docs/open311.md)";
            default -> "Handlers, centres and the operator: Basic (development) or bearer JWT (production)";
        };
    }

    static String join(String base, String path) {
        String joined = (base == null ? "" : base) + (path == null ? "" : (path.startsWith("/") ? path : "/" + path));
        joined = joined.replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /**
     * A source's example: in the jar (examples/ of the project) under its schema's name, else beside its
     * schema in config/sources as {@code <name>.example.json} (or {@code .xml}).
     */
    /** A JSON example of the jar's examples/. */
    private static Object example(String file) {
        String text = resource("examples/" + file);
        return text == null ? null : JSON.convertValue(readTree(text), Object.class);
    }

    private static String exampleOf(Path schema, String extension) {
        String base = schema.getFileName().toString().replaceAll("(\\.schema)?\\.json$", "");
        String text = resource("examples/" + base + extension);
        if (text == null) {
            Path beside = schema.resolveSibling(base + ".example" + extension);
            text = Files.isRegularFile(beside) ? read(beside) : null;
        }
        return text;
    }

    private static String resource(String name) {
        try (InputStream in = RestDslOpenApi.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
