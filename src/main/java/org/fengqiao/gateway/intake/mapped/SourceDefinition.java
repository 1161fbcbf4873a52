package org.fengqiao.gateway.intake.mapped;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.fengqiao.gateway.canonical.AppealType;
import org.fengqiao.gateway.canonical.CanonicalDispute.Party;
import org.fengqiao.gateway.canonical.CanonicalDispute.Source;
import org.fengqiao.gateway.canonical.DisputeDraft;
import org.fengqiao.gateway.canonical.PartyRole;
import org.fengqiao.gateway.canonical.RiskLevel;
import org.fengqiao.gateway.canonical.Urgency;
import org.fengqiao.gateway.intake.PayloadSchema;
import org.fengqiao.gateway.intake.Texts;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.Text;

/**
 * One JSON-push source described by a file in {@code config/sources/}: its system id, its channel,
 * the JSON Schema of its native payload, and how native fields become a {@link DisputeDraft}. The
 * mapping language is documented in the example definition shipped in that folder.
 */
final class SourceDefinition {

    private static final Pattern SYSTEM_ID = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");
    private static final Pattern FLAG = Pattern.compile("[A-Z][A-Z0-9_]*");
    // Limits of the ledger's columns: a longer value is refused rather than failing the insert.
    private static final int MAX_RECORD_ID = 128;
    private static final int MAX_TITLE = 500;

    enum Kind { TEXT, DATE, INTEGER, DECIMAL, CHOICE }

    record FieldType(Kind kind, List<String> choices) {
        static FieldType of(Kind kind) {
            return new FieldType(kind, List.of());
        }

        static FieldType choice(Enum<?>[] values) {
            return new FieldType(Kind.CHOICE, Arrays.stream(values).map(Enum::name).toList());
        }
    }

    /** The canonical fields a definition may fill, and what each holds. */
    static final Map<String, FieldType> FIELDS = new LinkedHashMap<>();
    static {
        for (String text : List.of("recordId", "title", "description", "claims", "address", "standardAddressCode",
                "countyHint", "sourceCategoryCode", "sourceCategoryName", "priorHandling")) {
            FIELDS.put(text, FieldType.of(Kind.TEXT));
        }
        FIELDS.put("occurredAt", FieldType.of(Kind.DATE));
        FIELDS.put("dueAt", FieldType.of(Kind.DATE));
        FIELDS.put("personCount", FieldType.of(Kind.INTEGER));
        FIELDS.put("amount", FieldType.of(Kind.DECIMAL));
        FIELDS.put("urgency", FieldType.choice(Urgency.values()));
        FIELDS.put("appealType", FieldType.choice(AppealType.values()));
        FIELDS.put("riskLevel", FieldType.choice(RiskLevel.values()));
    }
    static final List<String> REQUIRED = List.of("recordId", "description");
    private static final List<String> PERSON_FIELDS = List.of("name", "idNumber", "phone", "address");
    private static final FieldType ROLE = FieldType.choice(PartyRole.values());

    record RiskRule(String flag, String field, JsonPointer pointer, BigDecimal atLeast, List<String> equals,
            RiskLevel riskLevel) {
    }

    /**
     * An XML source's document: its root element, and the {@code container → element} pairs that are
     * lists however many elements a document has.
     */
    record XmlForm(String root, Map<String, String> lists) {
    }

    record PartySpec(JsonPointer pointer, ValueSpec role, Map<String, ValueSpec> person) {
    }

    private final String file;
    private final String system;
    private final String name;
    private final ValueSpec channel;
    private final XmlForm xml;
    private final String schemaFile;
    private final Path schemaPath;
    private final PayloadSchema schema;
    private final Map<String, ValueSpec> fields;
    private final List<RiskRule> riskRules;
    private final List<PartySpec> parties;
    private final EvaluationDefinition evaluation;
    private final AttachmentsDefinition attachments;

    private SourceDefinition(String file, String system, String name, ValueSpec channel, XmlForm xml, String schemaFile,
            Path schemaPath, PayloadSchema schema,
            Map<String, ValueSpec> fields, List<RiskRule> riskRules, List<PartySpec> parties,
            EvaluationDefinition evaluation, AttachmentsDefinition attachments) {
        this.file = file;
        this.system = system;
        this.name = name;
        this.channel = channel;
        this.xml = xml;
        this.schemaFile = schemaFile;
        this.schemaPath = schemaPath;
        this.schema = schema;
        this.fields = fields;
        this.riskRules = riskRules;
        this.parties = parties;
        this.evaluation = evaluation;
        this.attachments = attachments;
    }

    String file() {
        return file;
    }

    String system() {
        return system;
    }

    /** How people read the source's name (console, reports); the system id when the file gives none. */
    String name() {
        return name;
    }

    String schemaFile() {
        return schemaFile;
    }

    /** The native schema's file: {@link #schemaFile()} resolved against the definition's configuration folder. */
    Path schemaPath() {
        return schemaPath;
    }

    PayloadSchema schema() {
        return schema;
    }

    /** Null for a JSON source. */
    XmlForm xml() {
        return xml;
    }

    /** Null when the source sends no files. */
    AttachmentsDefinition attachments() {
        return attachments;
    }

    /** This definition with its attachments' file server resolved from configuration. */
    SourceDefinition withAttachments(AttachmentsDefinition resolved) {
        return new SourceDefinition(file, system, name, channel, xml, schemaFile, schemaPath, schema, fields, riskRules,
                parties, evaluation, resolved);
    }

    /** Null when the source does not evaluate. */
    EvaluationDefinition evaluation() {
        return evaluation;
    }

    /**
     * Reads a definition; any mistake is an {@link IllegalStateException} naming the file and key.
     *
     * @param base the configuration folder the definition's paths are relative to (the parent of its folder)
     * @param schemas reads the native schema from its file
     */
    static SourceDefinition parse(String file, JsonNode root, Path base,
            Function<Path, PayloadSchema> schemas) {
        DefinitionReader in = new DefinitionReader(file);
        if (root == null || !root.isObject()) {
            throw in.error("", "is empty or not a YAML mapping");
        }
        in.allowKeys("", root, List.of("source", "name", "channel", "format", "xml", "schema", "fields", "riskFlags",
                "parties", EvaluationDefinition.SECTION, AttachmentsDefinition.SECTION));
        String system = in.requiredText(root, "source");
        if (!SYSTEM_ID.matcher(system).matches()) {
            throw in.error("source", "must be upper case letters, digits and _ (at most 32), e.g. MY_SOURCE");
        }
        String displayName = root.hasNonNull("name") ? in.requiredText(root, "name") : system;
        ValueSpec channel = ValueSpec.read(in, "channel",
                root.hasNonNull("channel") ? root.get("channel") : TextNode.valueOf(system), false);
        XmlForm xml = xmlForm(in, root);
        String schemaFile = in.requiredText(root, "schema");
        Path schemaPath = base.resolve(schemaFile);
        PayloadSchema schema;
        try {
            schema = schemas.apply(schemaPath);
        } catch (RuntimeException e) {
            throw in.error("schema", "cannot be used: " + e.getMessage());
        }

        JsonNode fieldsNode = root.get("fields");
        if (fieldsNode == null || !fieldsNode.isObject()) {
            throw in.error("fields", "is required: canonical field -> native field");
        }
        in.allowKeys("fields", fieldsNode, List.copyOf(FIELDS.keySet()));
        Map<String, ValueSpec> fields = new LinkedHashMap<>();
        for (var entry : fieldsNode.properties()) {
            String name = entry.getKey();
            FieldType type = FIELDS.get(name);
            String path = "fields." + name;
            ValueSpec spec = ValueSpec.read(in, path, entry.getValue(), type.kind() == Kind.DATE);
            checkSpec(in, path, spec, type);
            fields.put(name, spec);
        }
        for (String required : REQUIRED) {
            if (!fields.containsKey(required)) {
                throw in.error("fields", "must map " + required);
            }
        }
        for (var entry : fields.entrySet()) {
            ValueSpec.After after = entry.getValue().after();
            if (after != null && (FIELDS.get(after.field()) == null || FIELDS.get(after.field()).kind() != Kind.DATE
                    || after.field().equals(entry.getKey()) || !fields.containsKey(after.field()))) {
                throw in.error("fields." + entry.getKey() + ".default.after", "must name another mapped date field"
                        + " (occurredAt or dueAt), not '" + after.field() + "'");
            }
        }
        return new SourceDefinition(file, system, displayName, channel, xml, schemaFile, schemaPath, schema, fields,
                riskRules(in, root.get("riskFlags")), parties(in, root.get("parties")),
                EvaluationDefinition.parse(in, root.get(EvaluationDefinition.SECTION), base, schemas),
                AttachmentsDefinition.parse(in, root.get(AttachmentsDefinition.SECTION)));
    }

    private static XmlForm xmlForm(DefinitionReader in, JsonNode root) {
        String format = root.path("format").asText("json");
        JsonNode xml = root.get("xml");
        if ("json".equals(format)) {
            if (xml != null) {
                throw in.error("xml", "is for format: xml only");
            }
            return null;
        }
        if (!"xml".equals(format)) {
            throw in.error("format", "must be json or xml, not '" + format + "'");
        }
        if (xml == null || !xml.isObject()) {
            throw in.error("xml", "is required for format: xml: {root: <root element>, lists: [container/element, ...]}");
        }
        in.allowKeys("xml", xml, List.of("root", "lists"));
        String rootElement = xml.path("root").asText("");
        if (rootElement.isBlank()) {
            throw in.error("xml.root", "is required: the document's root element");
        }
        Map<String, String> lists = new LinkedHashMap<>();
        JsonNode listsNode = xml.path("lists");
        for (int i = 0; i < listsNode.size(); i++) {
            String[] pair = listsNode.get(i).asText("").split("/");
            if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
                throw in.error("xml.lists[" + i + "]", "must be container/element, e.g. Xfrs/Xfr");
            }
            lists.put(pair[0], pair[1]);
        }
        if (!listsNode.isMissingNode() && !listsNode.isArray()) {
            throw in.error("xml.lists", "must be a list of container/element");
        }
        return new XmlForm(rootElement.strip(), Map.copyOf(lists));
    }

    static void checkSpec(DefinitionReader in, String path, ValueSpec spec, FieldType type) {
        switch (type.kind()) {
            case DATE -> {
                if (spec.isConstant()) {
                    throw in.error(path, "must point into the payload");
                }
                if (spec.map() != null || spec.fallback() != null) {
                    throw in.error(path, "takes no map or default: a time is read as the source writes it");
                }
            }
            case INTEGER, DECIMAL -> {
                if (spec.map() != null) {
                    throw in.error(path, "takes no map: a number is read as the source writes it");
                }
                for (String value : spec.possibleValues()) {
                    if (!isNumber(value)) {
                        throw in.error(path, "gives '" + value + "', which is not a number");
                    }
                }
            }
            case CHOICE -> {
                for (String value : spec.possibleValues()) {
                    if (!type.choices().contains(value)) {
                        throw in.error(path, "gives '" + value + "', which is not one of " + type.choices());
                    }
                }
            }
            case TEXT -> {
                // Any text will do.
            }
        }
    }

    private static List<RiskRule> riskRules(DefinitionReader in, JsonNode node) {
        List<RiskRule> rules = new ArrayList<>();
        if (node == null || node.isNull()) {
            return rules;
        }
        if (!node.isArray()) {
            throw in.error("riskFlags", "must be a list of {flag, when, atLeast | equals, riskLevel}");
        }
        for (int i = 0; i < node.size(); i++) {
            String path = "riskFlags[" + i + "]";
            JsonNode rule = node.get(i);
            if (!rule.isObject()) {
                throw in.error(path, "must be {flag, when, atLeast | equals}");
            }
            in.allowKeys(path, rule, List.of("flag", "when", "atLeast", "equals", "riskLevel"));
            String flag = rule.path("flag").asText("");
            if (!FLAG.matcher(flag).matches()) {
                throw in.error(path + ".flag", "must be an upper-case name such as GROUP");
            }
            String when = rule.path("when").asText("");
            String field = null;
            JsonPointer pointer = null;
            if (when.startsWith("/")) {
                try {
                    pointer = JsonPointer.compile(when);
                } catch (IllegalArgumentException e) {
                    throw in.error(path + ".when", "is not a valid JSON Pointer");
                }
            } else if (FIELDS.containsKey(when)) {
                field = when;
            } else {
                throw in.error(path + ".when", "must be a canonical field " + FIELDS.keySet()
                        + " or a JSON Pointer into the payload");
            }
            JsonNode atLeast = rule.get("atLeast");
            JsonNode equals = rule.get("equals");
            if ((atLeast == null) == (equals == null)) {
                throw in.error(path, "needs exactly one of 'atLeast' and 'equals'");
            }
            BigDecimal threshold = null;
            List<String> values = null;
            if (atLeast != null) {
                if (!atLeast.isNumber()) {
                    throw in.error(path + ".atLeast", "must be a number");
                }
                Kind kind = field == null ? null : FIELDS.get(field).kind();
                if (kind != null && kind != Kind.INTEGER && kind != Kind.DECIMAL) {
                    throw in.error(path + ".atLeast", "compares numbers; " + field + " is not one");
                }
                threshold = atLeast.decimalValue();
            } else {
                values = new ArrayList<>();
                for (JsonNode value : equals.isArray() ? equals : List.of(equals)) {
                    if (value.isContainerNode() || value.isNull()) {
                        throw in.error(path + ".equals", "must be a value or a list of values");
                    }
                    values.add(value.asText());
                }
            }
            RiskLevel level = null;
            if (rule.has("riskLevel")) {
                List<String> levels = FIELDS.get("riskLevel").choices();
                String text = rule.get("riskLevel").asText("");
                if (!levels.contains(text)) {
                    throw in.error(path + ".riskLevel", "must be one of " + levels);
                }
                level = RiskLevel.valueOf(text);
            }
            rules.add(new RiskRule(flag, field, pointer, threshold, values, level));
        }
        return rules;
    }

    private static List<PartySpec> parties(DefinitionReader in, JsonNode node) {
        List<PartySpec> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw in.error("parties", "must be a list of {pointer, role, name, idNumber, phone, address}");
        }
        for (int i = 0; i < node.size(); i++) {
            String path = "parties[" + i + "]";
            JsonNode party = node.get(i);
            if (!party.isObject()) {
                throw in.error(path, "must be {pointer, role, name, idNumber, phone, address}");
            }
            in.allowKeys(path, party, List.of("pointer", "role", "name", "idNumber", "phone", "address"));
            String pointerText = party.path("pointer").asText("");
            if (!pointerText.startsWith("/")) {
                throw in.error(path + ".pointer", "is required: a JSON Pointer to a list of persons or to one person");
            }
            JsonPointer pointer;
            try {
                pointer = JsonPointer.compile(pointerText);
            } catch (IllegalArgumentException e) {
                throw in.error(path + ".pointer", "is not a valid JSON Pointer");
            }
            if (!party.has("role")) {
                throw in.error(path + ".role", "is required: " + ROLE.choices() + ", fixed or mapped from a field");
            }
            ValueSpec role = ValueSpec.read(in, path + ".role", party.get("role"), false);
            checkSpec(in, path + ".role", role, ROLE);
            Map<String, ValueSpec> person = new LinkedHashMap<>();
            for (String key : PERSON_FIELDS) {
                if (party.has(key)) {
                    person.put(key, ValueSpec.read(in, path + "." + key, party.get(key), false));
                }
            }
            if (person.isEmpty()) {
                throw in.error(path, "must map at least one of " + PERSON_FIELDS);
            }
            out.add(new PartySpec(pointer, role, person));
        }
        return out;
    }

    /**
     * Maps a native payload (already checked against the schema) to a draft, adding a violation named
     * by the native field for everything it cannot map.
     */
    DisputeDraft map(JsonNode payload, OffsetDateTime receivedAt, List<FieldViolation> violations) {
        Map<String, Object> values = new HashMap<>();
        for (var entry : fields.entrySet()) {
            Object value = value(entry.getKey(), entry.getValue(), payload, violations);
            if (value != null) {
                values.put(entry.getKey(), value);
            }
        }
        for (String required : REQUIRED) {
            if (values.get(required) == null) {
                violations.add(new FieldViolation(nativeName(fields.get(required)), new Text("violation.required")));
            }
        }
        for (var entry : fields.entrySet()) {
            ValueSpec.After after = entry.getValue().after();
            if (after != null && !values.containsKey(entry.getKey())
                    && values.get(after.field()) instanceof OffsetDateTime base) {
                values.put(entry.getKey(), base.plusDays(after.days()));
            }
        }
        String channelText = channel.text(payload, nativeName(channel), violations);
        tooLong(values, "recordId", MAX_RECORD_ID, violations);
        tooLong(values, "title", MAX_TITLE, violations);
        List<Party> people = parties(payload, violations);
        var files = attachments == null ? List.<org.fengqiao.gateway.canonical.DisputeDraft.SourceAttachment>of()
                : attachments.read(payload, violations);
        if (!violations.isEmpty()) {
            return null;
        }

        Set<String> flags = new LinkedHashSet<>();
        RiskLevel riskLevel = values.get("riskLevel") == null ? RiskLevel.LOW
                : RiskLevel.valueOf((String) values.get("riskLevel"));
        for (RiskRule rule : riskRules) {
            if (matches(rule, values, payload)) {
                flags.add(rule.flag());
                riskLevel = riskLevel.raisedTo(rule.riskLevel());
            }
        }
        String description = (String) values.get("description");
        String urgency = (String) values.get("urgency");
        String appealType = (String) values.get("appealType");
        return DisputeDraft.from(new Source(system, (String) values.get("recordId"),
                        channelText == null ? system : channelText, receivedAt))
                .sourceCategoryCode((String) values.get("sourceCategoryCode"))
                .sourceCategoryName((String) values.get("sourceCategoryName"))
                .appealType(appealType == null ? null : AppealType.valueOf(appealType))
                .text(Texts.titleOr((String) values.get("title"), description), description)
                .claims((String) values.get("claims"))
                .occurredAt((OffsetDateTime) values.get("occurredAt"))
                .urgency(urgency == null ? Urgency.NORMAL : Urgency.valueOf(urgency))
                .scale((Integer) values.get("personCount"), (BigDecimal) values.get("amount"))
                .place((String) values.get("address"), (String) values.get("standardAddressCode"),
                        (String) values.get("countyHint"))
                .parties(people)
                .priorHandling((String) values.get("priorHandling"))
                .sourceDueAt((OffsetDateTime) values.get("dueAt"))
                .risk(riskLevel, List.copyOf(flags))
                .attachments(files)
                .build();
    }

    private void tooLong(Map<String, Object> values, String field, int max, List<FieldViolation> violations) {
        if (values.get(field) instanceof String text && text.length() > max) {
            violations.add(new FieldViolation(nativeName(fields.get(field)), new Text("violation.too-long", max)));
        }
    }

    private Object value(String name, ValueSpec spec, JsonNode payload, List<FieldViolation> violations) {
        FieldType type = FIELDS.get(name);
        String field = nativeName(spec);
        return switch (type.kind()) {
            case TEXT, CHOICE -> {
                String text = spec.text(payload, field, violations);
                if (text != null && type.kind() == Kind.CHOICE && !type.choices().contains(text)) {
                    violations.add(new FieldViolation(field, new Text("violation.one-of", type.choices())));
                    yield null;
                }
                yield text;
            }
            case DATE -> date(spec, payload, field, "dueAt".equals(name), violations);
            case INTEGER, DECIMAL -> number(spec, payload, field, type.kind() == Kind.INTEGER, violations);
        };
    }

    static OffsetDateTime date(ValueSpec spec, JsonNode payload, String field, boolean endOfDay,
            List<FieldViolation> violations) {
        String text = spec.text(payload, field, violations);
        if (text == null) {
            return null;
        }
        try {
            return spec.format().parse(text, endOfDay);
        } catch (DateTimeParseException e) {
            violations.add(new FieldViolation(field, spec.format().violation()));
            return null;
        }
    }

    private static Object number(ValueSpec spec, JsonNode payload, String field, boolean whole,
            List<FieldViolation> violations) {
        JsonNode node = spec.nativeNode(payload);
        BigDecimal value;
        if (node != null && node.isNumber()) {
            value = node.decimalValue();
        } else {
            String text = spec.text(payload, field, violations);
            if (text == null) {
                return null;
            }
            if (!isNumber(text)) {
                violations.add(new FieldViolation(field, new Text("violation.type", "number")));
                return null;
            }
            value = new BigDecimal(text);
        }
        if (whole) {
            if (value.stripTrailingZeros().scale() > 0 || value.compareTo(BigDecimal.ONE) < 0
                    || value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                violations.add(new FieldViolation(field, new Text("violation.whole-number")));
                return null;
            }
            return value.intValueExact();
        }
        if (value.signum() < 0) {
            violations.add(new FieldViolation(field, new Text("violation.at-least", 0)));
            return null;
        }
        return value;
    }

    private static boolean isNumber(String text) {
        try {
            new BigDecimal(text.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private List<Party> parties(JsonNode payload, List<FieldViolation> violations) {
        List<Party> out = new ArrayList<>();
        for (PartySpec spec : parties) {
            JsonNode node = payload.at(spec.pointer());
            String base = dotted(spec.pointer());
            if (node.isMissingNode() || node.isNull()) {
                continue;
            }
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    person(spec, node.get(i), base + "[" + i + "]", violations, out);
                }
            } else if (node.isObject()) {
                person(spec, node, base, violations, out);
            } else {
                violations.add(new FieldViolation(base, new Text("violation.type-list-or-object")));
            }
        }
        return out;
    }

    private static void person(PartySpec spec, JsonNode element, String base, List<FieldViolation> violations,
            List<Party> out) {
        if (!element.isObject()) {
            violations.add(new FieldViolation(base, new Text("violation.type", "object")));
            return;
        }
        String role = spec.role().text(element, within(base, spec.role()), violations);
        Map<String, String> person = new HashMap<>();
        spec.person().forEach((key, value) -> person.put(key, value.text(element, within(base, value), violations)));
        if (person.values().stream().allMatch(v -> v == null)) {
            return; // an empty entry names nobody
        }
        if (role != null && !ROLE.choices().contains(role)) {
            violations.add(new FieldViolation(within(base, spec.role()), new Text("violation.one-of", ROLE.choices())));
            return;
        }
        out.add(new Party(role == null ? PartyRole.PARTY : PartyRole.valueOf(role), person.get("name"),
                person.get("idNumber"), person.get("phone"), person.get("address")));
    }

    private static boolean matches(RiskRule rule, Map<String, Object> values, JsonNode payload) {
        Object value;
        if (rule.pointer() != null) {
            JsonNode node = payload.at(rule.pointer());
            value = node.isMissingNode() || node.isNull() || node.isContainerNode() ? null
                    : node.isNumber() ? node.decimalValue() : node.asText().strip();
        } else {
            value = values.get(rule.field());
        }
        if (value == null) {
            return false;
        }
        if (rule.atLeast() != null) {
            String text = value.toString();
            return isNumber(text) && new BigDecimal(text.strip()).compareTo(rule.atLeast()) >= 0;
        }
        String text = value instanceof BigDecimal number ? number.toPlainString() : value.toString();
        return rule.equals().contains(text);
    }

    /** The native field a spec reads, as problem details name fields: {@code wgy.xm}, {@code sjry[0].sfzh}. */
    static String nativeName(ValueSpec spec) {
        return spec.isConstant() ? "$" : dotted(spec.pointer());
    }

    private static String within(String base, ValueSpec spec) {
        if (spec.isConstant()) {
            return base;
        }
        String relative = dotted(spec.pointer());
        return relative.startsWith("[") ? base + relative : base + "." + relative;
    }

    static String dotted(JsonPointer pointer) {
        StringBuilder out = new StringBuilder();
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            if (p.getMatchingIndex() >= 0) {
                out.append('[').append(p.getMatchingIndex()).append(']');
            } else {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(p.getMatchingProperty());
            }
        }
        return out.toString();
    }
}
