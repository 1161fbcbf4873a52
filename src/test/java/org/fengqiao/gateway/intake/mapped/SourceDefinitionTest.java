package org.fengqiao.gateway.intake.mapped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.fengqiao.gateway.canonical.AppealType;
import org.fengqiao.gateway.canonical.DisputeDraft;
import org.fengqiao.gateway.canonical.PartyRole;
import org.fengqiao.gateway.canonical.RiskLevel;
import org.fengqiao.gateway.canonical.Urgency;
import org.fengqiao.gateway.config.ConfigFiles;
import org.fengqiao.gateway.evaluation.Evaluation;
import org.fengqiao.gateway.evaluation.Evaluation.Satisfaction;
import org.fengqiao.gateway.problem.FieldViolation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mapping language of config/sources/*.yaml, without the application: what a definition maps,
 * and how a broken one is reported (the file and the key, so the start fails with a usable message).
 */
class SourceDefinitionTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-29T10:00:00+08:00");

    @TempDir
    Path config;

    static final String EXAMPLE = """
            source: EXAMPLE_SOURCE
            channel: 示例渠道
            schema: sources/example.schema.json
            fields:
              recordId: /id
              title: 固定标题
              description: /body/text
              sourceCategoryName: { pointer: /kind, map: { a: 甲类, b: 乙类 } }
              occurredAt: /at
              dueAt: { pointer: /due, format: "yyyy/MM/dd" }
              personCount: /people
              amount: /money
              urgency: { pointer: /level, map: { "1": URGENT, "0": NORMAL }, default: NORMAL }
              appealType: { value: COMPLAINT }
              riskLevel: HIGH
              priorHandling: { value: "/not-a-pointer" }
            riskFlags:
              - { flag: GROUP, when: personCount, atLeast: 5 }
              - { flag: NIGHT, when: /shift, equals: [night, late] }
              - { flag: LARGE, when: amount, atLeast: 100000 }
            parties:
              - { pointer: /reporter, role: REPORTER, name: /n }
              - pointer: /people_list
                role: { pointer: /side, map: { me: APPLICANT, them: RESPONDENT } }
                name: /n
                idNumber: /ids/0
            """;

    @BeforeEach
    void schema() throws Exception {
        Files.createDirectories(config.resolve("sources"));
        Files.writeString(config.resolve("sources/example.schema.json"), "{\"type\": \"object\"}");
    }

    private Map<String, SourceDefinition> load(String yaml) throws Exception {
        Files.writeString(config.resolve("sources/EXAMPLE_SOURCE.yaml"), yaml);
        return MappedSourceAdapter.loadAll(ConfigFiles.at(config.toString()), JSON);
    }

    private DisputeDraft map(SourceDefinition definition, String payload, List<FieldViolation> violations)
            throws Exception {
        return definition.map(JSON.readTree(payload), NOW, violations);
    }

    @Test
    void everyPartOfTheLanguageMaps() throws Exception {
        SourceDefinition example = load(EXAMPLE).get("EXAMPLE_SOURCE");
        List<FieldViolation> violations = new ArrayList<>();
        DisputeDraft draft = map(example, """
                {"id": "R-1", "body": {"text": " 内容 "}, "kind": "b", "at": "2026-11-29T01:00:00Z",
                 "due": "2026/12/31", "people": "6", "money": 100000, "level": 1, "shift": "late",
                 "reporter": {"n": "报告人"},
                 "people_list": [{"n": "甲", "side": "me", "ids": ["330681199001011234"]},
                                 {"n": "乙", "side": "them"}, {"n": null}, {"n": "丙"}]}
                """, violations);
        assertThat(violations).isEmpty();
        assertThat(draft.source().system()).isEqualTo("EXAMPLE_SOURCE");
        assertThat(draft.source().recordId()).isEqualTo("R-1");
        assertThat(draft.source().channel()).isEqualTo("示例渠道");
        assertThat(draft.source().receivedAt()).isEqualTo(NOW);
        assertThat(draft.title()).isEqualTo("固定标题");
        assertThat(draft.description()).isEqualTo("内容");
        assertThat(draft.sourceCategoryName()).isEqualTo("乙类");
        assertThat(draft.occurredAt()).hasToString("2026-11-29T09:00+08:00");
        assertThat(draft.sourceDueAt()).hasToString("2026-12-31T23:59:59+08:00");
        assertThat(draft.personCount()).isEqualTo(6);
        assertThat(draft.amount()).isEqualByComparingTo("100000");
        assertThat(draft.urgency()).isEqualTo(Urgency.URGENT);
        assertThat(draft.appealType()).isEqualTo(AppealType.COMPLAINT);
        assertThat(draft.riskLevel()).isEqualTo(RiskLevel.HIGH);
        assertThat(draft.priorHandling()).isEqualTo("/not-a-pointer");
        assertThat(draft.riskFlags()).containsExactly("GROUP", "NIGHT", "LARGE");
        assertThat(draft.parties()).extracting(p -> p.role() + ":" + p.name() + ":" + p.idNumber())
                .containsExactly("REPORTER:报告人:null", "APPLICANT:甲:330681199001011234", "RESPONDENT:乙:null",
                        "PARTY:丙:null");
    }

    @Test
    void absentValuesTakeTheirDefaultsAndTheTitleComesFromTheDescription() throws Exception {
        SourceDefinition example = load(EXAMPLE.replace("  title: 固定标题\n", "")).get("EXAMPLE_SOURCE");
        List<FieldViolation> violations = new ArrayList<>();
        DisputeDraft draft = map(example, "{\"id\": \"R-2\", \"body\": {\"text\": \"只有内容\"}}", violations);
        assertThat(violations).isEmpty();
        assertThat(draft.title()).isEqualTo("只有内容");
        assertThat(draft.urgency()).isEqualTo(Urgency.NORMAL);
        assertThat(draft.occurredAt()).isNull();
        assertThat(draft.personCount()).isNull();
        assertThat(draft.riskFlags()).isEmpty();
        assertThat(draft.parties()).isEmpty();
    }

    @Test
    void whatCannotBeMappedIsNamedByItsNativeField() throws Exception {
        SourceDefinition example = load(EXAMPLE).get("EXAMPLE_SOURCE");
        List<FieldViolation> violations = new ArrayList<>();
        map(example, """
                {"body": {"text": "  "}, "kind": "c", "at": "2026-11-29 09:00:00", "due": "2026/02/30",
                 "people": 0, "money": -1, "level": 7, "reporter": "x",
                 "people_list": [{"n": "甲", "side": "nobody"}, {"n": {"x": 1}}]}
                """, violations);
        assertThat(violations).extracting(FieldViolation::field).containsExactlyInAnyOrder(
                "id", "body.text", "kind", "at", "due", "people", "money", "level", "reporter",
                "people_list[0].side", "people_list[1].n");
        assertThat(violations).filteredOn(v -> v.field().equals("at")).extracting(FieldViolation::message)
                .containsExactly("is not a valid date and time (ISO-8601 with offset)");
        assertThat(violations).filteredOn(v -> v.field().equals("kind")).extracting(FieldViolation::message)
                .containsExactly("must be one of [a, b]");
        assertThat(violations).filteredOn(v -> v.field().equals("id")).extracting(FieldViolation::message)
                .containsExactly("is required");

        List<FieldViolation> tooLong = new ArrayList<>();
        map(example, "{\"id\": \"" + "9".repeat(129) + "\", \"body\": {\"text\": \"x\"}}", tooLong);
        assertThat(tooLong).extracting(FieldViolation::field).containsExactly("id");
    }

    @Test
    void theShippedDefinitionsLoad() {
        var shipped = MappedSourceAdapter.loadAll(ConfigFiles.at("config"), JSON);
        assertThat(shipped).isNotEmpty();
        shipped.values().forEach(d -> assertThat(d.file()).startsWith(Path.of("config", "sources").toString()));
        // Each shipped source has a name people read; a definition without one is read by its id.
        assertThat(shipped.get("HOTLINE_12345").name()).isEqualTo("12345热线");
        shipped.values().forEach(d -> assertThat(d.name()).as(d.system()).isNotEqualTo(d.system()));
    }

    @Test
    void filesSentInlineAreDecodedAndCheckedWithThePayload() throws Exception {
        SourceDefinition example = load(EXAMPLE + """
                attachments: { pointer: /files, fileName: /name, content: /data, max-size: 4, max-count: 2 }
                """).get("EXAMPLE_SOURCE");
        String base = "{\"id\": \"R-1\", \"body\": {\"text\": \"内容\"}, \"files\": %s}";
        List<FieldViolation> violations = new ArrayList<>();
        DisputeDraft draft = map(example, base.formatted("[{\"name\": \"a.pdf\", \"data\": \"AQID\\nBA==\"}]"),
                violations);
        assertThat(violations).isEmpty();
        assertThat(draft.attachments()).hasSize(1);
        assertThat(draft.attachments().get(0).field()).isEqualTo("files[0].data");
        assertThat(draft.attachments().get(0).fileName()).isEqualTo("a.pdf");
        assertThat(draft.attachments().get(0).content()).containsExactly(1, 2, 3, 4);
        assertThat(map(example, base.formatted("null"), violations).attachments()).isEmpty();

        Map<String, String> refused = Map.of(
                "[{\"data\": \"AQIDBAU=\"}]", "files[0].data", // five bytes, above 4
                "[{\"data\": \"AQ*D\"}]", "files[0].data", // not base64
                "[{\"name\": \"a\"}]", "files[0].data", // no content
                "[{\"data\": \"AQ==\"}, {\"data\": \"AQ==\"}, {\"data\": \"AQ==\"}]", "files", // three
                "{\"data\": \"AQ==\"}", "files");
        for (var entry : refused.entrySet()) {
            List<FieldViolation> found = new ArrayList<>();
            assertThat(map(example, base.formatted(entry.getKey()), found)).as(entry.getKey()).isNull();
            assertThat(found).as(entry.getKey()).extracting(FieldViolation::field).containsExactly(entry.getValue());
        }

        // A source without the section sends none: its files are not read.
        assertThat(map(load(EXAMPLE).get("EXAMPLE_SOURCE"),
                base.formatted("[{\"data\": \"AQ==\"}]"), new ArrayList<>()).attachments()).isEmpty();
        for (var broken : Map.of(
                "attachments: { pointer: files, fileName: /n, content: /c, max-size: 2M, max-count: 1 }",
                "attachments.pointer is required",
                "attachments: { pointer: /f, fileName: /n, content: /c, max-count: 1 }", "attachments.max-size is required",
                "attachments: { pointer: /f, fileName: /n, content: /c, max-size: 2M, max-count: 0 }",
                "attachments.max-count is required",
                "attachments: { pointer: /f, fileName: /n, content: /c, max-size: 2M, max-count: 1, url: /u }",
                "attachments.file-server is required with url",
                "attachments: { pointer: /f, fileName: /n, max-size: 2M, max-count: 1 }",
                "attachments.content is required, or url",
                "attachments: { pointer: /f, fileName: /n, content: /c, file-server: x, max-size: 2M, max-count: 1 }",
                "attachments.file-server is only for files sent by reference",
                "attachments: { pointer: /f, fileName: /n, url: /u, file-server: x, fetch-timeout: soon, max-size: 2M, max-count: 1 }",
                "attachments.fetch-timeout is a duration",
                "attachments: { pointer: /f, fileName: /n, content: /c, max-size: 2M, max-count: 1, href: /u }",
                "attachments has unknown key(s) [href]").entrySet()) {
            assertThatThrownBy(() -> load(EXAMPLE + broken.getKey() + "\n")).as(broken.getValue())
                    .hasMessageContaining(broken.getValue());
        }
    }

    @Test
    void filesSentByReferenceMustLieOnTheSourcesFileServer() throws Exception {
        SourceDefinition declared = load(EXAMPLE + """
                attachments: { pointer: /files, fileName: /name, url: /url, file-server: example, fetch-timeout: 5s, max-size: 4M, max-count: 2 }
                """).get("EXAMPLE_SOURCE");
        assertThat(declared.attachments().fetchTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        SourceDefinition example = declared.withAttachments(declared.attachments().withServer(
                new org.fengqiao.gateway.attachment.FileServer("EXAMPLE_SOURCE",
                        org.fengqiao.gateway.attachment.FileServer.prefixes(List.of("https://files.example/cases/")),
                        declared.attachments().maxBytes(), declared.attachments().fetchTimeout(), null)));
        String base = "{\"id\": \"R-1\", \"body\": {\"text\": \"内容\"}, \"files\": %s}";
        List<FieldViolation> violations = new ArrayList<>();
        DisputeDraft draft = map(example, base.formatted(
                "[{\"name\": \"照片.jpg\", \"url\": \"https://files.example/cases/1/a.jpg\"}]"), violations);
        assertThat(violations).isEmpty();
        assertThat(draft.attachments()).singleElement().satisfies(file -> {
            assertThat(file.byReference()).isTrue();
            assertThat(file.field()).isEqualTo("files[0].url");
            assertThat(file.fileName()).isEqualTo("照片.jpg");
            assertThat(file.sourceUrl()).isEqualTo("https://files.example/cases/1/a.jpg");
            assertThat(file.toString()).doesNotContain("files.example").doesNotContain("照片");
        });
        Map<String, String> refused = Map.of(
                "[{\"name\": \"a\", \"url\": \"https://elsewhere.example/cases/a.jpg\"}]", "files[0].url",
                "[{\"name\": \"a\", \"url\": \"https://files.example/cases/../x\"}]", "files[0].url",
                "[{\"name\": \"a\"}]", "files[0].url",
                "[{\"url\": \"https://files.example/cases/a\"}, {\"url\": \"https://files.example/cases/b\"},"
                        + " {\"url\": \"https://files.example/cases/c\"}]", "files");
        for (var entry : refused.entrySet()) {
            List<FieldViolation> found = new ArrayList<>();
            assertThat(map(example, base.formatted(entry.getKey()), found)).as(entry.getKey()).isNull();
            assertThat(found).as(entry.getKey()).extracting(FieldViolation::field).containsExactly(entry.getValue());
        }
        // Not yet given its file server (as before the start has read the configuration): nothing is admitted.
        List<FieldViolation> unresolved = new ArrayList<>();
        map(declared, base.formatted("[{\"url\": \"https://files.example/cases/1/a.jpg\"}]"), unresolved);
        assertThat(unresolved).extracting(FieldViolation::field).containsExactly("files[0].url");
    }

    @Test
    void noFolderMeansNoSources() {
        assertThat(MappedSourceAdapter.loadAll(ConfigFiles.at(config.resolve("elsewhere").toString()), JSON))
                .isEmpty();
    }

    @Test
    void aBrokenDefinitionIsReportedWithItsFileAndKey() throws Exception {
        String file = config.resolve("sources/EXAMPLE_SOURCE.yaml").toString();
        Map<String, String> broken = Map.ofEntries(
                Map.entry(EXAMPLE.replace("fields:", "feilds:"), "has unknown key(s) [feilds]"),
                Map.entry(EXAMPLE.replace("urgency: { pointer: /level, map: { \"1\": URGENT",
                        "urgency: { pointer: /level, map: { \"1\": SUPER"),
                        "fields.urgency gives 'SUPER', which is not one of [NORMAL, URGENT]"),
                Map.entry(EXAMPLE.replace("  description: /body/text\n", ""), "fields must map description"),
                Map.entry(EXAMPLE.replace("  title: 固定标题\n", "  titel: /t\n"), "fields has unknown key(s) [titel]"),
                Map.entry(EXAMPLE.replace("example.schema.json", "missing.schema.json"),
                        "schema cannot be used: schema file missing"),
                Map.entry(EXAMPLE.replace("\"yyyy/MM/dd\"", "\"HH:mm\""),
                        "fields.dueAt.format does not describe a whole date"),
                Map.entry(EXAMPLE.replace("\"yyyy/MM/dd\"", "\"yyyy-bb\""), "fields.dueAt.format is not a date-time pattern"),
                Map.entry(EXAMPLE.replace("role: REPORTER", "role: BOSS"), "parties[0].role gives 'BOSS'"),
                Map.entry(EXAMPLE.replace("{ pointer: /reporter, role: REPORTER, name: /n }",
                        "{ pointer: reporter, role: REPORTER, name: /n }"), "parties[0].pointer is required"),
                Map.entry(EXAMPLE.replace("when: personCount", "when: headcount"), "riskFlags[0].when must be"),
                Map.entry(EXAMPLE.replace("when: amount, atLeast", "when: amount, above"),
                        "riskFlags[2] has unknown key(s) [above]"),
                Map.entry(EXAMPLE.replace("personCount: /people", "personCount: many"),
                        "fields.personCount gives 'many', which is not a number"),
                Map.entry(EXAMPLE.replace("occurredAt: /at", "occurredAt: { pointer: /at, default: x }"),
                        "fields.occurredAt takes no map or default"),
                Map.entry(EXAMPLE.replace("source: EXAMPLE_SOURCE", "source: example"), "source must be upper case"),
                Map.entry("- just a list\n", "is empty or not a YAML mapping"));
        for (var entry : broken.entrySet()) {
            assertThatThrownBy(() -> load(entry.getKey()))
                    .as(entry.getValue())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("source definition " + file)
                    .hasMessageContaining(entry.getValue());
        }

        for (String unreadable : List.of(EXAMPLE + "\n  : : [unclosed", "", "# nothing yet\n")) {
            assertThatThrownBy(() -> load(unreadable))
                    .isInstanceOf(io.quarkus.runtime.configuration.ConfigurationException.class)
                    .hasMessageContaining(file);
        }

        load(EXAMPLE);
        Files.writeString(config.resolve("sources/ANOTHER.yaml"), EXAMPLE);
        assertThatThrownBy(() -> MappedSourceAdapter.loadAll(ConfigFiles.at(config.toString()), JSON))
                .hasMessageContaining("source EXAMPLE_SOURCE is already defined in");
    }

    @Test
    void yearPatternsAreStrictAndYyyyMeansTheYear() throws Exception {
        DateFormat format = DateFormat.of("yyyy-MM-dd HH:mm:ss", problem -> new IllegalStateException(problem));
        assertThat(format.parse("2024-02-29 23:00:00", false)).hasToString("2024-02-29T23:00+08:00");
        assertThatThrownBy(() -> format.parse("2026-02-29 23:00:00", false))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
        DateFormat quoted = DateFormat.of("yyyy'y'MM'm'dd", problem -> new IllegalStateException(problem));
        assertThat(quoted.parse("2026y11m29", true)).hasToString("2026-11-29T23:59:59+08:00");
    }

    @Test
    void partyRolesCanBeFixedOrMapped() throws Exception {
        SourceDefinition example = load(EXAMPLE).get("EXAMPLE_SOURCE");
        List<FieldViolation> violations = new ArrayList<>();
        DisputeDraft draft = map(example, """
                {"id": "R-3", "body": {"text": "x"}, "people_list": {"n": "单人", "side": "them"}}
                """, violations);
        assertThat(violations).isEmpty();
        assertThat(draft.parties()).singleElement().satisfies(p -> {
            assertThat(p.role()).isEqualTo(PartyRole.RESPONDENT);
            assertThat(p.name()).isEqualTo("单人");
        });
    }

    static final String COMPOSED = """
            source: COMPOSED
            channel: { template: "渠道-{/form}" }
            schema: sources/example.schema.json
            fields:
              recordId: /no
              title: { template: "{/cause}（{/no}）" }
              description: /text
              address: { first: [ /defendants/*/address, /plaintiffs/*/address, /court ] }
              countyHint: { pointer: /code, match: "[0-9]{6}" }
              personCount: { first: [ /count, { count: /people } ] }
              occurredAt: /at
              dueAt: { pointer: /due, format: "yyyy-MM-dd", default: { after: occurredAt, days: 30 } }
            riskFlags:
              - { flag: GROUP, when: personCount, atLeast: 5, riskLevel: MEDIUM }
              - { flag: NOT_RAISED, when: /quiet, equals: true }
            """;

    @Test
    void templatesFirstCountMatchAndDatesAfterAnotherMap() throws Exception {
        Files.writeString(config.resolve("sources/COMPOSED.yaml"), COMPOSED);
        SourceDefinition composed = MappedSourceAdapter.loadAll(ConfigFiles.at(config.toString()), JSON)
                .get("COMPOSED");
        List<FieldViolation> violations = new ArrayList<>();
        DisputeDraft draft = map(composed, """
                {"no": "N-1", "form": "来访", "cause": "合同纠纷", "text": "内容", "code": "330681",
                 "defendants": [{"name": "甲"}, {"address": "  "}, {"address": "被告地址"}],
                 "plaintiffs": [{"address": "原告地址"}], "court": "某法院",
                 "people": [{}, {}, {}, {}, {}], "at": "2026-11-29T09:00:00+08:00", "quiet": true}
                """, violations);
        assertThat(violations).isEmpty();
        assertThat(draft.source().channel()).isEqualTo("渠道-来访");
        assertThat(draft.title()).isEqualTo("合同纠纷（N-1）");
        assertThat(draft.address()).as("the first element that has one").isEqualTo("被告地址");
        assertThat(draft.countyHint()).isEqualTo("330681");
        assertThat(draft.personCount()).as("counted").isEqualTo(5);
        assertThat(draft.sourceDueAt()).hasToString("2026-12-29T09:00+08:00");
        assertThat(draft.riskFlags()).containsExactly("GROUP", "NOT_RAISED");
        assertThat(draft.riskLevel()).isEqualTo(RiskLevel.MEDIUM);

        DisputeDraft other = map(composed, """
                {"no": "N-2", "form": "来信", "text": "内容", "code": "FY-01", "plaintiffs": [{"address": "原告地址"}],
                 "court": "某法院", "count": "2", "people": [{}, {}, {}, {}, {}], "at": "2026-11-29T09:00:00+08:00",
                 "due": "2026-12-10"}
                """, violations);
        assertThat(violations).isEmpty();
        assertThat(other.title()).as("a template with a hole gives nothing; the title falls back").isEqualTo("内容");
        assertThat(other.address()).isEqualTo("原告地址");
        assertThat(other.countyHint()).as("not a county code").isNull();
        assertThat(other.personCount()).as("the given count before the counted one").isEqualTo(2);
        assertThat(other.sourceDueAt()).hasToString("2026-12-10T23:59:59+08:00");
        assertThat(other.riskLevel()).isEqualTo(RiskLevel.LOW);
        assertThat(map(composed, "{\"no\": \"N-3\", \"text\": \"内容\"}", violations).address()).isNull();
    }

    @Test
    void aMatchWithAGroupKeepsWhatTheGroupCaptured() throws Exception {
        Files.writeString(config.resolve("sources/COMPOSED.yaml"),
                COMPOSED.replace("match: \"[0-9]{6}\"", "match: \"([0-9]{6}).*\""));
        SourceDefinition composed = MappedSourceAdapter.loadAll(ConfigFiles.at(config.toString()), JSON)
                .get("COMPOSED");
        Map<String, String> countyOf = new java.util.LinkedHashMap<>();
        countyOf.put("330681460000", "330681"); // a police station's code starts with its county's
        countyOf.put("330681", "330681");
        countyOf.put("33068", null);
        countyOf.put("FY330681", null);
        countyOf.put("3306８1460000", null); // a full-width digit is no county code
        for (var entry : countyOf.entrySet()) {
            List<FieldViolation> violations = new ArrayList<>();
            DisputeDraft draft = map(composed, "{\"no\": \"N-1\", \"text\": \"内容\", \"code\": \""
                    + entry.getKey() + "\"}", violations);
            assertThat(violations).isEmpty();
            assertThat(draft.countyHint()).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    @Test
    void theNewFormsAreCheckedAtStart() throws Exception {
        Map<String, String> broken = Map.of(
                COMPOSED.replace("{ pointer: /code, match: \"[0-9]{6}\" }", "{ pointer: /code, match: \"[0-9\" }"),
                "fields.countyHint.match is not a regular expression",
                COMPOSED.replace("\"{/cause}（{/no}）\"", "\"案由\""), "fields.title.template has no {/pointer}",
                COMPOSED.replace("after: occurredAt", "after: headcount"), "fields.dueAt.default.after must name",
                COMPOSED.replace("riskLevel: MEDIUM", "riskLevel: SEVERE"), "riskFlags[0].riskLevel must be one of",
                COMPOSED.replace("{ first: [ /count, { count: /people } ] }", "{ first: [] }"), "fields.personCount.first",
                COMPOSED.replace("source: COMPOSED", "source: COMPOSED\nformat: csv"), "format must be json or xml",
                COMPOSED.replace("source: COMPOSED", "source: COMPOSED\nformat: xml"), "xml is required",
                COMPOSED.replace("source: COMPOSED", "source: COMPOSED\nformat: xml\nxml: { lists: [a/b] }"),
                "xml.root is required",
                COMPOSED.replace("source: COMPOSED", "source: COMPOSED\nformat: xml\nxml: { root: R, lists: [ab] }"),
                "xml.lists[0] must be container/element");
        for (var entry : broken.entrySet()) {
            Files.writeString(config.resolve("sources/COMPOSED.yaml"), entry.getKey());
            assertThatThrownBy(() -> MappedSourceAdapter.loadAll(ConfigFiles.at(config.toString()), JSON))
                    .as(entry.getValue())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("COMPOSED.yaml")
                    .hasMessageContaining(entry.getValue());
        }
    }

    @Test
    void anExtraFolderFindsItsSchemaRelativeToItsParent(@TempDir Path elsewhere) throws Exception {
        Files.createDirectories(elsewhere.resolve("defs"));
        Files.writeString(elsewhere.resolve("defs/COMPOSED.yaml"),
                COMPOSED.replace("schema: sources/example.schema.json", "schema: schemas/composed.json"));
        Files.createDirectories(elsewhere.resolve("schemas"));
        Files.writeString(elsewhere.resolve("schemas/composed.json"), "{\"type\": \"object\"}");
        Files.writeString(config.resolve("sources/EXAMPLE_SOURCE.yaml"), EXAMPLE);
        var sources = MappedSourceAdapter.loadAll(
                ConfigFiles.at(config.toString(), List.of(elsewhere.resolve("defs").toString())), JSON);
        assertThat(sources).containsOnlyKeys("EXAMPLE_SOURCE", "COMPOSED");
        assertThat(sources.get("COMPOSED").schemaPath()).isEqualTo(elsewhere.resolve("schemas/composed.json"));
        assertThat(sources.get("COMPOSED").file()).isEqualTo(elsewhere.resolve("defs/COMPOSED.yaml").toString());
    }

    static final String EVALUATED = EXAMPLE + """
            evaluation:
              schema: sources/example-evaluation.schema.json
              recordId: /id
              satisfaction: { pointer: /score, map: { 好: SATISFIED, 一般: BASICALLY_SATISFIED, 差: DISSATISFIED } }
              comment: /note
              evaluatedAt: { pointer: /at, format: "yyyy-MM-dd HH:mm" }
            """;

    private void evaluationSchema() throws Exception {
        Files.writeString(config.resolve("sources/example-evaluation.schema.json"), """
                {"type": "object", "required": ["id", "score"],
                 "properties": {"id": {"type": "string"}, "score": {"enum": ["好", "一般", "差"]}}}""");
    }

    @Test
    void anEvaluationSectionMapsTheSourcesOwnEvaluation() throws Exception {
        evaluationSchema();
        EvaluationDefinition evaluation = load(EVALUATED).get("EXAMPLE_SOURCE").evaluation();
        assertThat(evaluation.schemaPath()).isEqualTo(config.resolve("sources/example-evaluation.schema.json"));
        List<FieldViolation> violations = new ArrayList<>();
        Evaluation mapped = evaluation.map("EXAMPLE_SOURCE", JSON.readTree(
                "{\"id\": \"E1\", \"score\": \"一般\", \"note\": \" 回访 \", \"at\": \"2026-12-01 10:00\"}"), violations);
        assertThat(violations).isEmpty();
        assertThat(mapped).isEqualTo(new Evaluation("EXAMPLE_SOURCE", "E1", Satisfaction.BASICALLY_SATISFIED, "回访",
                OffsetDateTime.parse("2026-12-01T10:00+08:00")));
        assertThat(evaluation.map("EXAMPLE_SOURCE", JSON.readTree("{\"id\": \"E2\", \"score\": \"差\"}"), violations))
                .isEqualTo(new Evaluation("EXAMPLE_SOURCE", "E2", Satisfaction.DISSATISFIED, null, null));

        // What the schema refuses is named once, as the schema says; an impossible day by the time's format.
        assertThat(evaluation.map("EXAMPLE_SOURCE", JSON.readTree(
                "{\"id\": \"E3\", \"score\": \"很好\", \"at\": \"2026-02-30 10:00\"}"), violations)).isNull();
        assertThat(violations).extracting(FieldViolation::field).containsExactly("score", "at");

        assertThat(load(EXAMPLE).get("EXAMPLE_SOURCE").evaluation()).as("no section: the source does not evaluate")
                .isNull();
    }

    @Test
    void aBrokenEvaluationSectionIsReportedWithItsKey() throws Exception {
        evaluationSchema();
        Map<String, String> broken = Map.of(
                EVALUATED.replace("好: SATISFIED", "好: HAPPY"),
                "evaluation.satisfaction gives 'HAPPY', which is not one of [SATISFIED, BASICALLY_SATISFIED, DISSATISFIED]",
                EVALUATED.replace("  recordId: /id\n  satisfaction", "  satisfaction"), "evaluation.recordId is required",
                EVALUATED.replace("  recordId: /id\n  satisfaction", "  recordId: E1\n  satisfaction"),
                "evaluation.recordId must point into the evaluation",
                EVALUATED.replace("  comment: /note", "  coment: /note"), "evaluation has unknown key(s) [coment]",
                EVALUATED.replace("example-evaluation.schema.json", "missing.schema.json"),
                "evaluation.schema cannot be used: schema file missing",
                EVALUATED.replace("\"yyyy-MM-dd HH:mm\"", "\"HH:mm\""),
                "evaluation.evaluatedAt.format does not describe a whole date",
                EXAMPLE + "evaluation: yes\n", "evaluation must be {schema, recordId");
        for (var entry : broken.entrySet()) {
            assertThatThrownBy(() -> load(entry.getKey()))
                    .as(entry.getValue())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("EXAMPLE_SOURCE.yaml")
                    .hasMessageContaining(entry.getValue());
        }
    }
}
