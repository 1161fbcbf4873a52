package org.fengqiao.gateway.intake.petition;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fengqiao.gateway.canonical.CanonicalDispute.Party;
import org.fengqiao.gateway.canonical.CanonicalDispute.Source;
import org.fengqiao.gateway.canonical.DisputeDraft;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.canonical.PartyRole;
import org.fengqiao.gateway.canonical.Urgency;
import org.fengqiao.gateway.intake.PayloadSchema;
import org.fengqiao.gateway.intake.SourceDates;
import org.fengqiao.gateway.intake.Texts;
import org.fengqiao.gateway.intake.XmlPayloads;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.InvalidRequestException;

/**
 * Source adapter for the petition platform (docs/contracts.md §Petition platform): reads a pushed
 * {@code <XfItem>} safely, validates it against its schema and turns it into a {@link
 * DisputeDraft}. Knows the platform's element names; nothing after it does.
 */
@ApplicationScoped
@Named("petitionItems")
public class PetitionItemAdapter {

    public static final String SYSTEM = "PETITION";
    static final String ROOT = "XfItem";
    static final String CHANNEL_PREFIX = "信访-";
    /** The contract's threshold for a group petition (集体访). */
    static final int GROUP_SIZE = 5;
    static final String GROUP_FLAG = "GROUP";

    private final Clock clock;
    private final PayloadSchema schema;

    @Inject
    public PetitionItemAdapter(ObjectMapper json, Clock clock) {
        this.clock = clock;
        this.schema = PayloadSchema.fromClasspath("schemas/sources/petition-item.json", json);
    }

    public DisputeDraft toDraft(String body) {
        // One <Xfr> reads as an object, several as a list: the schema and the mapping see a list always.
        ObjectNode item = XmlPayloads.parseObject(body, ROOT, Map.of("Xfrs", "Xfr"));
        List<FieldViolation> violations = new ArrayList<>(schema.validate(item));
        OffsetDateTime registeredAt = unlessRejected(violations, "Djsj",
                () -> SourceDates.offsetDateTime(item, "Djsj", violations));
        OffsetDateTime dueAt = unlessRejected(violations, "Blqx",
                () -> SourceDates.endOfLocalDate(Texts.text(item, "Blqx"), "Blqx", violations));
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }

        List<Party> petitioners = petitioners(item);
        String count = Texts.text(item, "Rs");
        int personCount = count == null ? petitioners.size() : Integer.parseInt(count);
        boolean group = personCount >= GROUP_SIZE;
        String content = Texts.text(item, "Zynr");
        return new DisputeDraft(
                new Source(SYSTEM, Texts.text(item, "Xfjbh"), CHANNEL_PREFIX + Texts.text(item, "Xfxs"),
                        GatewayTime.now(clock)),
                null,
                Texts.text(item, "Nrfl"),
                // The platform has no appeal type (咨询/求助/投诉...); its 信访形式 is the channel, not the appeal.
                null,
                Texts.titleOr(null, content),
                content,
                Texts.text(item, "Sqqq"),
                registeredAt,
                Urgency.NORMAL,
                personCount,
                null,
                Texts.text(item, "Wtsd"),
                null,
                null,
                petitioners,
                null,
                dueAt,
                group ? "MEDIUM" : "LOW",
                group ? List.of(GROUP_FLAG) : List.of());
    }

    /** A date is parsed only when the schema found its form right, so a field is never reported twice. */
    private static OffsetDateTime unlessRejected(List<FieldViolation> violations, String field,
            Supplier<OffsetDateTime> parse) {
        return violations.stream().anyMatch(v -> v.field().equals(field)) ? null : parse.get();
    }

    private static List<Party> petitioners(JsonNode item) {
        List<Party> parties = new ArrayList<>();
        item.path("Xfrs").path("Xfr").forEach(p -> parties.add(new Party(PartyRole.APPLICANT, Texts.text(p, "Xm"),
                Texts.text(p, "Zjhm"), Texts.text(p, "Lxdh"), Texts.text(p, "Zz"))));
        return parties;
    }
}
