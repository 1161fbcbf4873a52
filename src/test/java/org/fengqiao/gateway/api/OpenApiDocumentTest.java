package org.fengqiao.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.fengqiao.gateway.intake.PayloadSchema;
import org.junit.jupiter.api.Test;

/**
 * The API description at /q/openapi covers every REST endpoint the running CamelContext has, the
 * sources' (YAML routes read at run time, the grid worker's defined by files) and staff's: each with
 * summary, description, parameters, request and response schemas, problem answers and security; and
 * the document holds together (OpenAPI 3, every $ref resolves, every path parameter declared).
 */
@QuarkusTest
class OpenApiDocumentTest {

    static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
    final ObjectMapper json = new ObjectMapper();

    @Inject
    CamelContext camel;

    @Test
    void everyRestEndpointIsDescribed() throws Exception {
        JsonNode doc = json.readTree(given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.path("info").path("title").asText()).contains("Fengqiao");

        List<RestDefinition> rests = camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions();
        List<String> missing = new ArrayList<>();
        int described = 0;
        for (RestDefinition rest : rests) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = RestDslOpenApi.join(rest.getPath(), verb.getPath());
                if (path.startsWith("/api/v1/test-only/") || "held-request-post".equals(verb.getId())) {
                    continue; // routes the test profile adds (src/test/resources/test-routes)
                }
                JsonNode op = doc.path("paths").path(path).path(verb.asVerb());
                String label = verb.asVerb().toUpperCase() + " " + path;
                if (op.isMissingNode()) {
                    missing.add(label + ": not in the document");
                    continue;
                }
                described++;
                missing.addAll(problemsOf(doc, label, path, verb, op));
            }
        }
        assertThat(missing).isEmpty();
        assertThat(described).as("REST endpoints described").isGreaterThanOrEqualTo(15);
    }

    private List<String> problemsOf(JsonNode doc, String label, String path, VerbDefinition verb, JsonNode op) {
        List<String> out = new ArrayList<>();
        if (op.path("summary").asText().isBlank() || op.path("description").asText().isBlank()) {
            out.add(label + ": no summary or description");
        }
        if (!verb.getId().equals(op.path("operationId").asText())) {
            out.add(label + ": operationId is not the REST verb's id");
        }
        Matcher params = PATH_PARAM.matcher(path);
        while (params.find()) {
            String name = params.group(1);
            boolean declared = false;
            for (JsonNode p : op.path("parameters")) {
                declared |= name.equals(p.path("name").asText()) && "path".equals(p.path("in").asText());
            }
            if (!declared) {
                out.add(label + ": path parameter " + name + " not declared");
            }
        }
        boolean success = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = op.path("responses").fields(); it.hasNext();) {
            var response = it.next();
            JsonNode content = response.getValue().path("content");
            if (response.getKey().startsWith("2")) {
                success |= content.fields().hasNext() && content.fields().next().getValue().has("schema");
            } else {
                // Open311 answers errors in its own standard's form, every other endpoint with problem details.
                JsonNode problem = path.startsWith("/open311/")
                        ? content.path("application/json").path("schema").path("$ref")
                        : content.path("application/problem+json").path("schema").path("$ref");
                String expected = path.startsWith("/open311/") ? "#/components/schemas/Open311Errors"
                        : "#/components/schemas/Problem";
                if (!expected.equals(problem.asText())) {
                    out.add(label + ": answer " + response.getKey() + " is not problem+json");
                }
            }
        }
        if (!success) {
            out.add(label + ": no success answer with a schema");
        }
        if (!op.path("responses").has("400")) {
            out.add(label + ": no 400 answer");
        }
        if (verb.getConsumes() != null) {
            JsonNode content = op.path("requestBody").path("content");
            String type = verb.getConsumes().split(",")[0].strip();
            JsonNode schema = content.path(type).path("schema");
            JsonNode target = resolve(doc, schema);
            if (target == null || !target.has("properties")) {
                out.add(label + ": request body " + type + " without the source's schema");
            }
            if (!content.path(type).has("example")) {
                out.add(label + ": request body without an example");
            }
        }
        boolean open = path.startsWith("/api/v1/schemas/") || path.startsWith("/api/v1/jurisdiction/");
        if (!open && op.path("security").size() == 0) {
            out.add(label + ": no security requirement");
        }
        return out;
    }

    @Test
    void theDocumentHoldsTogether() throws Exception {
        String yaml = given().get("/q/openapi").then().statusCode(200).extract().asString();
        JsonNode doc = new YAMLMapper().readTree(yaml);
        JsonNode fromJson = json.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        assertThat(doc.path("paths").size()).isEqualTo(fromJson.path("paths").size());

        List<String> dangling = new ArrayList<>();
        collectRefs(doc, dangling, doc);
        assertThat(dangling).as("$refs that resolve to nothing").isEmpty();

        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertThat(schemes.path("sourceSignature").path("name").asText()).isEqualTo("X-Fq-Signature");
        assertThat(schemes.path("sourceApiKey").path("name").asText()).isEqualTo("X-Api-Key");
        assertThat(schemes.path("staffBasic").path("scheme").asText()).isEqualTo("basic");
        assertThat(schemes.path("staffBearer").path("bearerFormat").asText()).isEqualTo("JWT");

        // The source defined by files carries its own schema (config/sources/grid-worker-report.schema.json)
        JsonNode grid = doc.at("/paths/~1api~1v1~1sources~1grid-worker~1reports/post/requestBody/content/application~1json");
        JsonNode gridSchema = resolve(doc, grid.path("schema"));
        assertThat(gridSchema.path("required")).extracting(JsonNode::asText).contains("sjms", "sfdd");
        assertThat(grid.path("example").path("sbbh").asText()).isNotBlank();
        // The petition is XML, with its example document
        JsonNode petition = doc.at("/paths/~1api~1v1~1sources~1petition~1items/post/requestBody/content/application~1xml");
        assertThat(resolve(doc, petition.path("schema")).path("required")).extracting(JsonNode::asText).contains("Zynr");
        assertThat(petition.path("example").asText()).startsWith("<");
        // The hotline's evaluation: the answer its route file declares, the evaluation schema of its definition
        JsonNode evaluation = doc.at("/paths/~1api~1v1~1sources~1hotline~1evaluations/post");
        assertThat(evaluation.at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/EvaluationApplied");
        assertThat(evaluation.path("responses").has("404")).isTrue();
        assertThat(evaluation.path("responses").has("409")).isTrue();
        JsonNode visit = evaluation.at("/requestBody/content/application~1json");
        assertThat(resolve(doc, visit.path("schema")).path("required")).extracting(JsonNode::asText)
                .containsExactly("gdbh", "myd");
        assertThat(visit.path("example").path("myd").asText()).isNotBlank();
        // and a case still answers 202 with the intake's outcome
        assertThat(doc.at("/paths/~1api~1v1~1sources~1hotline~1work-orders/post/responses/202/content/application~1json"
                + "/schema/$ref").asText()).isEqualTo("#/components/schemas/IntakeOutcome");
    }

    @Test
    void theHandlerEventSchemaIsPublishedAndItsExampleFitsIt() throws Exception {
        String served = given().get("/api/v1/schemas/handler-event.json").then().statusCode(200)
                .contentType("application/schema+json").extract().asString();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("schemas/handler-event.json")) {
            assertThat(json.readTree(served)).isEqualTo(json.readTree(in));
        }
        PayloadSchema schema = PayloadSchema.fromClasspath("schemas/handler-event.json", json);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("examples/handler-event.json")) {
            assertThat(schema.validate(json.readTree(in))).isEmpty();
        }
    }

    @Test
    void swaggerUiIsServedOutsideProduction() {
        given().redirects().follow(true).get("/q/swagger-ui/").then().statusCode(200);
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        JsonNode node = schema;
        for (int i = 0; i < 5 && node != null && node.has("$ref"); i++) {
            String ref = node.get("$ref").asText();
            node = ref.startsWith("#") ? doc.at(ref.substring(1)) : null;
            if (node != null && node.isMissingNode()) {
                return null;
            }
        }
        return node == null || node.isMissingNode() ? null : node;
    }

    private static void collectRefs(JsonNode node, List<String> dangling, JsonNode doc) {
        if (node.isObject()) {
            if (node.path("$ref").isTextual()) {
                String ref = node.get("$ref").asText();
                if (!ref.startsWith("#/") || doc.at(ref.substring(1)).isMissingNode()) {
                    dangling.add(ref);
                }
            }
            node.elements().forEachRemaining(child -> collectRefs(child, dangling, doc));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectRefs(child, dangling, doc));
        }
    }
}
