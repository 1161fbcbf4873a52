package org.fengqiao.gateway.intake.police;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fengqiao.gateway.canonical.CanonicalDispute.Party;
import org.fengqiao.gateway.canonical.CanonicalDispute.Source;
import org.fengqiao.gateway.canonical.DisputeDraft;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.canonical.PartyRole;
import org.fengqiao.gateway.canonical.RiskLevel;
import org.fengqiao.gateway.canonical.Urgency;
import org.apache.camel.ExchangeProperty;
import org.fengqiao.gateway.intake.IntakeOutcome;
import org.fengqiao.gateway.intake.IntakeRoutes;
import org.fengqiao.gateway.intake.PayloadSchema;
import org.fengqiao.gateway.intake.polling.PollingRounds;
import org.fengqiao.gateway.intake.SourceDates;
import org.fengqiao.gateway.intake.TextScreen;
import org.fengqiao.gateway.intake.Texts;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.InvalidRequestException;

/**
 * Source adapter for the police risk-control platform (docs/contracts.md §Police risk-control
 * platform): validates one polled item against its schema and turns it into a {@link DisputeDraft}.
 * Knows the platform's field names; nothing after it does.
 */
@ApplicationScoped
@Named("policeRiskItems")
public class PoliceRiskAdapter {

    public static final String SYSTEM = "POLICE_RISK";

    private final Clock clock;
    private final PayloadSchema schema;
    private final ObjectMapper json;

    @Inject
    public PoliceRiskAdapter(ObjectMapper json, Clock clock) {
        this.clock = clock;
        this.json = json;
        this.schema = PayloadSchema.fromClasspath("schemas/sources/police-risk-item.json", json);
    }

    public DisputeDraft toDraft(JsonNode item) {
        TextScreen.check(item);
        List<FieldViolation> violations = new ArrayList<>(schema.validate(item));
        OffsetDateTime reportedAt = SourceDates.offsetDateTime(item, "jjsj", violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }

        String risk = Texts.text(item, "fxdj");
        List<String> flags = new ArrayList<>();
        if (item.path("sfqt").asBoolean(false)) {
            flags.add("GROUP");
        }
        JsonNode station = item.path("pcs");
        String summary = Texts.text(item, "jyqk");
        return DisputeDraft.from(new Source(SYSTEM, Texts.text(item, "jqbh"), channel(station), GatewayTime.now(clock)))
                .sourceCategoryCode(Texts.text(item, "jqlb"))
                .text(Texts.titleOr(null, summary), summary)
                .occurredAt(reportedAt)
                .urgency("红".equals(risk) ? Urgency.URGENT : Urgency.NORMAL)
                .place(Texts.text(item, "afdz"), Texts.text(item, "bzdzbm"), countyOf(station))
                .parties(parties(item))
                .priorHandling(Texts.text(item, "czqk"))
                .risk(riskLevel(risk), flags)
                .build();
    }

    /**
     * The receipt (接收回执) of a polled item, once it is a dispute: the platform learns the dispute id.
     * Sent by the receipt route of routes/police.yaml.
     */
    public String receipt(@ExchangeProperty(PollingRounds.RECORD_ID) String recordId,
            @ExchangeProperty(IntakeRoutes.OUTCOME) IntakeOutcome outcome) throws JsonProcessingException {
        return json.writeValueAsString(Map.of("jqbh", recordId, "jsdw", "枫桥网关", "sjbh", outcome.disputeId(),
                "jssj", GatewayTime.now(clock).toString()));
    }

    private static String channel(JsonNode station) {
        String name = station.isObject() ? Texts.text(station, "mc") : null;
        return name == null ? "涉稳风险管控平台" : "涉稳风险管控平台-" + name;
    }

    /** A police station's code starts with its county's 6-digit code. */
    private static String countyOf(JsonNode station) {
        String code = station.isObject() ? Texts.text(station, "dm") : null;
        return code != null && code.length() >= 6 && code.substring(0, 6).chars().allMatch(Character::isDigit)
                ? code.substring(0, 6) : null;
    }

    private static RiskLevel riskLevel(String fxdj) {
        if ("红".equals(fxdj)) {
            return RiskLevel.HIGH;
        }
        return "橙".equals(fxdj) ? RiskLevel.MEDIUM : RiskLevel.LOW;
    }

    private static List<Party> parties(JsonNode item) {
        List<Party> parties = new ArrayList<>();
        for (JsonNode person : item.path("dsr")) {
            PartyRole role = "报警人".equals(Texts.text(person, "js")) ? PartyRole.REPORTER : PartyRole.PARTY;
            parties.add(new Party(role, Texts.text(person, "xm"), Texts.text(person, "sfzh"), Texts.text(person, "lxdh"),
                    null));
        }
        return parties;
    }
}
