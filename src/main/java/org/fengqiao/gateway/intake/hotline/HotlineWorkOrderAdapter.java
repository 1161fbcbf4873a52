package org.fengqiao.gateway.intake.hotline;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fengqiao.gateway.canonical.AppealType;
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
 * Source adapter for the 12345 hotline (docs/contracts.md §12345 hotline): validates a pushed work
 * order against its schema and turns it into a {@link DisputeDraft}. Knows the hotline's field
 * names; nothing after it does.
 */
@ApplicationScoped
@Named("hotlineWorkOrders")
public class HotlineWorkOrderAdapter {

    public static final String SYSTEM = "HOTLINE_12345";
    static final String CHANNEL = "12345热线";

    private final ObjectMapper json;
    private final Clock clock;
    private final PayloadSchema schema;

    @Inject
    public HotlineWorkOrderAdapter(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
        this.schema = PayloadSchema.fromClasspath("schemas/sources/hotline-work-order.json", json);
    }

    public DisputeDraft toDraft(String body) {
        JsonNode order = JsonPayloads.parseObject(json, body);
        List<FieldViolation> violations = new ArrayList<>(schema.validate(order));
        OffsetDateTime calledAt = SourceDates.localDateTime(order, "ldsj", violations);
        OffsetDateTime dueAt = SourceDates.localDateTime(order, "blsx", violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }

        String content = Texts.text(order, "sqnr");
        boolean urgent = "紧急".equals(Texts.text(order, "jjcd"));
        return new DisputeDraft(
                new Source(SYSTEM, Texts.text(order, "gdbh"), CHANNEL, GatewayTime.now(clock)),
                null,
                Texts.text(order, "flmc"),
                AppealType.fromDisplayName(Texts.text(order, "sqlx")).orElseThrow(),
                Texts.titleOr(Texts.text(order, "sqbt"), content),
                content,
                null,
                calledAt,
                urgent ? Urgency.URGENT : Urgency.NORMAL,
                null,
                null,
                Texts.text(order, "fsdz"),
                Texts.text(order, "bzdzbm"),
                Texts.text(order, "xzqh"),
                parties(order),
                null,
                dueAt,
                urgent ? "MEDIUM" : "LOW",
                List.of());
    }

    private static List<Party> parties(JsonNode order) {
        List<Party> parties = new ArrayList<>();
        JsonNode caller = order.get("sqr");
        if (caller != null && caller.isObject()) {
            parties.add(person(PartyRole.APPLICANT, caller));
        }
        JsonNode others = order.get("dfr");
        if (others != null && others.isArray()) {
            others.forEach(other -> parties.add(person(PartyRole.RESPONDENT, other)));
        }
        return parties;
    }

    private static Party person(PartyRole role, JsonNode person) {
        return new Party(role, Texts.text(person, "xm"), Texts.text(person, "sfzh"), Texts.text(person, "lxdh"),
                Texts.text(person, "dz"));
    }
}
