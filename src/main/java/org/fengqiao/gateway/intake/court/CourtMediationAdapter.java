package org.fengqiao.gateway.intake.court;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fengqiao.gateway.canonical.CanonicalDispute.Party;
import org.fengqiao.gateway.canonical.CanonicalDispute.Source;
import org.fengqiao.gateway.canonical.DisputeDraft;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.canonical.PartyRole;
import org.fengqiao.gateway.canonical.Urgency;
import org.fengqiao.gateway.intake.JsonPayloads;
import org.fengqiao.gateway.intake.PayloadSchema;
import org.fengqiao.gateway.intake.SourceDates;
import org.fengqiao.gateway.intake.Texts;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.InvalidRequestException;

/**
 * Source adapter for the court's pre-litigation mediation (docs/contracts.md §Court pre-litigation
 * mediation): validates an entrusted case against its schema and turns it into a {@link
 * DisputeDraft}. Knows the court's field names; nothing after it does.
 */
@ApplicationScoped
@Named("courtMediations")
public class CourtMediationAdapter {

    public static final String SYSTEM = "COURT_MEDIATION";
    /** Pre-litigation mediation normally has 30 days when the court sets no deadline. */
    static final int DEFAULT_MEDIATION_DAYS = 30;
    private static final Pattern COUNTY_CODE = Pattern.compile("[0-9]{6}");

    private final ObjectMapper json;
    private final Clock clock;
    private final PayloadSchema schema;

    @Inject
    public CourtMediationAdapter(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
        this.schema = PayloadSchema.fromClasspath("schemas/sources/court-mediation.json", json);
    }

    public DisputeDraft toDraft(String body) {
        JsonNode mediation = JsonPayloads.parseObject(json, body);
        List<FieldViolation> violations = new ArrayList<>(schema.validate(mediation));
        OffsetDateTime filedAt = SourceDates.offsetDateTime(mediation, "filedAt", violations);
        OffsetDateTime deadline = SourceDates.endOfLocalDate(textualOrNull(mediation, "mediationDeadline"),
                "mediationDeadline", violations);
        BigDecimal amount = amount(mediation);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }

        String caseNo = Texts.text(mediation, "caseNo");
        JsonNode court = mediation.get("court");
        String courtName = Texts.text(court, "name");
        String courtCode = Texts.text(court, "code");
        String cause = Texts.text(mediation, "causeOfAction");
        String claims = Texts.text(mediation, "claims");
        List<Party> plaintiffs = persons(mediation, "plaintiffs", PartyRole.APPLICANT);
        List<Party> defendants = persons(mediation, "defendants", PartyRole.RESPONDENT);
        List<Party> parties = new ArrayList<>(plaintiffs);
        parties.addAll(defendants);

        return new DisputeDraft(
                new Source(SYSTEM, caseNo, courtName, GatewayTime.now(clock)),
                null,
                cause,
                null,
                cause + "（" + caseNo + "）",
                claims,
                claims,
                filedAt,
                Urgency.NORMAL,
                null,
                amount,
                address(defendants, plaintiffs, courtName),
                null,
                courtCode != null && COUNTY_CODE.matcher(courtCode).matches() ? courtCode : null,
                parties,
                null,
                deadline != null ? deadline : filedAt.plusDays(DEFAULT_MEDIATION_DAYS),
                "LOW",
                List.of());
    }

    /**
     * Where the dispute is: the defendant is usually sued where they live, so their address first,
     * then the plaintiff's; the court's name at least places it in the court's county.
     */
    private static String address(List<Party> defendants, List<Party> plaintiffs, String courtName) {
        for (List<Party> side : List.of(defendants, plaintiffs)) {
            for (Party party : side) {
                if (party.address() != null) {
                    return party.address();
                }
            }
        }
        return courtName;
    }

    private static BigDecimal amount(JsonNode mediation) {
        JsonNode value = mediation.get("amount");
        // Absent, or a wrong type the schema has already named.
        return value != null && value.isNumber() ? value.decimalValue() : null;
    }

    private static String textualOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static List<Party> persons(JsonNode mediation, String field, PartyRole role) {
        List<Party> out = new ArrayList<>();
        JsonNode list = mediation.get(field);
        if (list != null && list.isArray()) {
            for (JsonNode person : list) {
                out.add(new Party(role, Texts.text(person, "name"), Texts.text(person, "idNumber"),
                        Texts.text(person, "phone"), Texts.text(person, "address")));
            }
        }
        return out;
    }
}
