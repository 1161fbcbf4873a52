package org.fengqiao.gateway.console;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.TemplateData;
import org.fengqiao.gateway.attachment.AttachmentStore;
import org.fengqiao.gateway.attachment.StoredAttachment;
import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.ResolutionOutcome;
import org.fengqiao.gateway.feedback.FeedbackStore;
import org.fengqiao.gateway.intake.mapped.MappedSourceAdapter;
import org.fengqiao.gateway.jurisdiction.Division;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.ledger.HandlingLedger;
import org.fengqiao.gateway.ledger.LedgerEntry;
import org.fengqiao.gateway.privacy.Disclosure;
import org.fengqiao.gateway.routing.HandlerDirectory;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.fengqiao.gateway.security.StaffCaller;

/**
 * A dispute as its page shows it to the signed-in person: the canonical fields as {@link Disclosure}
 * lets this person see them (the same rule as the API's), and the timeline from the ledger's
 * history. A dispute this person may not read is absent, as the API answers it.
 */
@ApplicationScoped
class DisputePage {

    // The same state sets as HandlingService's: a form is shown only where the act would be taken.
    private static final Set<DisputeStatus> SIGNABLE = EnumSet.of(DisputeStatus.DISPATCHED, DisputeStatus.REOPENED);
    private static final Set<DisputeStatus> WORKING = EnumSet.of(DisputeStatus.SIGNED, DisputeStatus.IN_PROGRESS,
            DisputeStatus.ESCALATED);
    private static final Set<DisputeStatus> OPEN = EnumSet.of(DisputeStatus.DISPATCHED, DisputeStatus.REOPENED,
            DisputeStatus.SIGNED, DisputeStatus.IN_PROGRESS, DisputeStatus.ESCALATED);
    private static final Set<DisputeStatus> RETURNABLE = EnumSet.of(DisputeStatus.DISPATCHED, DisputeStatus.SIGNED,
            DisputeStatus.REOPENED);

    @TemplateData
    record Field(String label, String value) {
    }

    @TemplateData
    record PartyLine(String role, String name, String idNumber, String phone, String address) {
    }

    @TemplateData
    record Step(String at, String event, String status, String actor, String person, String reason,
            String detail) {
    }

    /**
     * One attachment as the page lists it: with its download through the console once the gateway holds
     * it; a file the source sent by reference shows instead that it waits to be fetched (待获取) or could
     * not be (获取失败（reason）).
     */
    @TemplateData
    record AttachmentLine(String name, String type, String size, String who, String at, String href, String state) {
    }

    /** The same matter reported by another source (同一事项), linked by the gateway. */
    @TemplateData
    record Linked(String disputeId, String relation) {
    }

    /** A call to the source about this dispute, as the feedback outbox holds it (no body). */
    @TemplateData
    record FeedbackLine(String kind, String queuedAt, String state, boolean failed) {
    }

    @TemplateData
    record View(String disputeId, String title, String status, boolean masked, List<Field> fields,
            List<PartyLine> parties, List<Step> timeline, List<Linked> linked, List<FeedbackLine> feedback,
            boolean signable, ActForms acts, List<AttachmentLine> attachments) {
    }

    /**
     * The acts this dispute's state allows to the signed-in handler, beside 签收: the holder's (a clerk's),
     * the county triage desk's (改派, 不予受理) and the centre's (督办).
     */
    @TemplateData
    record ActForms(boolean progress, boolean resolve, boolean giveBack, boolean askForExtension,
            String waitingExtension, List<Choice> outcomes, boolean reassign, List<ChoiceGroup> targets,
            boolean reject, boolean supervise) {

        public boolean any() {
            return progress || resolve || giveBack || askForExtension || waitingExtension != null || reassign
                    || reject || supervise;
        }
    }

    @TemplateData
    record Choice(String code, String label) {
    }

    @TemplateData
    record ChoiceGroup(String label, List<Choice> choices) {
    }

    @Inject
    DisputeLedger ledger;
    @Inject
    HandlingLedger extensions;
    @Inject
    MappedSourceAdapter sources;
    @Inject
    ObjectMapper json;
    @Inject
    RoutingPolicy routing;
    @Inject
    HandlerDirectory handlers;
    @Inject
    Gazetteer gazetteer;
    @Inject
    FeedbackStore feedbackCalls;
    @Inject
    AttachmentStore attachmentStore;

    Optional<View> of(String disputeId, StaffCaller caller) throws Exception {
        Optional<LedgerEntry> found = find(disputeId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        LedgerEntry entry = found.get();
        ObjectNode document = (ObjectNode) json.readTree(entry.document());
        Disclosure shown = Disclosure.of(caller, entry.handlerId(), entry.coHandlerIds(),
                document.at("/location/countyCode").asText(null), routing.city());
        if (!shown.shown()) {
            return Optional.empty();
        }
        CanonicalDispute d = json.treeToValue(shown.document(document), CanonicalDispute.class);
        List<Field> fields = new ArrayList<>();
        var source = d.source();
        add(fields, "来源", source == null ? null : sources.displayName(source.system()));
        add(fields, "来源编号", source == null ? null : source.recordId());
        add(fields, "接收时间", source == null ? null : Labels.time(source.receivedAt()));
        if (d.category() != null) {
            String own = d.category().sourceName() != null ? d.category().sourceName() : d.category().sourceCode();
            add(fields, "类别", (d.category().code() == null ? "" : d.category().code().displayName())
                    + (own == null ? "" : "（来源分类：" + own + "）"));
        }
        add(fields, "诉求类型", d.appealType() == null ? null : d.appealType().displayName());
        add(fields, "紧急程度", d.urgency() == null ? null : Labels.urgency(d.urgency()));
        add(fields, "事发时间", Labels.time(d.occurredAt()));
        add(fields, "内容", d.description());
        add(fields, "诉求", d.claims());
        add(fields, "涉及人数", d.personCount() == null ? null : d.personCount().toString());
        add(fields, "涉及金额（元）", d.amount() == null ? null : d.amount().toPlainString());
        if (d.location() != null) {
            var l = d.location();
            add(fields, "地址", l.address());
            add(fields, "镇街", name(l.townshipCode(), gazetteer::township));
            add(fields, "村社", name(l.villageCode(), gazetteer::village));
            if (l.resolution() != null) {
                add(fields, "地址解析", Labels.resolution(l.resolution().method()) + "，置信度 "
                        + Math.round(l.resolution().confidence() * 100) + "%");
            }
        }
        add(fields, "前期处理", d.priorHandling());
        if (d.assignment() != null) {
            var a = d.assignment();
            add(fields, "承办单位", a.handlerName() != null ? a.handlerName() : a.handlerId());
            if (a.coHandlerIds() != null && !a.coHandlerIds().isEmpty()) {
                add(fields, "协办单位", String.join("、", a.coHandlerIds().stream().map(handlers::nameOf).toList()));
            }
            add(fields, "交办时间", Labels.time(a.dispatchedAt()));
            add(fields, "签收时限", Labels.time(a.signBy()));
            add(fields, "办理时限", Labels.time(a.dueAt()));
        }
        if (d.risk() != null) {
            List<String> flags = d.risk().flags() == null ? List.of()
                    : d.risk().flags().stream().map(Labels::flag).toList();
            add(fields, "风险", Labels.risk(d.risk().level()) + (flags.isEmpty() ? "" : "；" + String.join("、", flags)));
        }
        List<Linked> linked = d.related() == null ? List.of()
                : d.related().stream().map(r -> new Linked(r.disputeId(), Labels.relation(r.relation()))).toList();
        List<PartyLine> parties = new ArrayList<>();
        if (d.parties() != null) {
            for (CanonicalDispute.Party p : d.parties()) {
                parties.add(new PartyLine(Labels.partyRole(p.role()), text(p.name()), text(p.idNumber()),
                        text(p.phone()), text(p.address())));
            }
        }
        List<Step> timeline = new ArrayList<>();
        for (LedgerEntry.HistoryEntry h : entry.history()) {
            timeline.add(new Step(Labels.time(h.at()), Labels.event(h.event()), Labels.status(h.status()),
                    actor(h.actor()), text(h.person()), text(h.reason()), text(h.detail())));
        }
        List<FeedbackLine> feedback = new ArrayList<>();
        for (FeedbackStore.Call call : feedbackCalls.callsFor(entry.disputeId())) {
            String state = call.deliveredAt() != null ? "已送达 " + Labels.time(call.deliveredAt())
                    : call.deadAt() != null ? "未能送达（已转人工处理）"
                    : call.attempts() > 0 ? "重试中（已尝试 " + call.attempts() + " 次）" : "待发送";
            feedback.add(new FeedbackLine(Labels.feedback(call.kind()), Labels.time(call.createdAt()), state,
                    call.deadAt() != null));
        }
        boolean holder = caller.id().equals(entry.handlerId());
        DisputeStatus status = entry.status();
        boolean open = OPEN.contains(status);
        String county = document.at("/location/countyCode").asText(null);
        // The service decides; these only keep a form off the page where it would be refused.
        boolean triage = open && caller.id().equals(routing.countyBody(county, "TRIAGE"));
        boolean centre = open && (caller.id().equals(routing.countyBody(county, "CENTRE"))
                || caller.id().equals(routing.countyBody(null, "CENTRE")));
        boolean signable = holder && SIGNABLE.contains(status);
        String waiting = holder && open ? waitingExtension(entry) : null;
        ActForms acts = new ActForms(entry.heldBy(caller.id()) && WORKING.contains(status),
                holder && WORKING.contains(status), holder && RETURNABLE.contains(status) && !triage,
                holder && open && waiting == null, waiting,
                Arrays.stream(ResolutionOutcome.values()).map(o -> new Choice(o.name(), o.displayName())).toList(),
                triage, triage ? reassignTargets(county, entry.handlerId()) : List.of(), triage, centre);
        List<AttachmentLine> files = new ArrayList<>();
        for (AttachmentStore.Listed listed : attachmentStore.listedFor(entry.disputeId())) {
            StoredAttachment a = listed.file();
            String who = actor(a.uploadedBy()) + (a.person() == null ? "" : " · " + a.person());
            switch (listed.state()) {
                case "REFERENCED" -> files.add(new AttachmentLine(a.fileName(), "", "", who,
                        Labels.time(a.createdAt()), null, "待获取"));
                case "FAILED" -> files.add(new AttachmentLine(a.fileName(), "", "", who, Labels.time(a.createdAt()),
                        null, "获取失败（" + (listed.failure() == null ? "原因未记录" : listed.failure()) + "）"));
                default -> files.add(new AttachmentLine(a.fileName(), Labels.contentType(a.contentType()),
                        Labels.size(a.size()), who, Labels.time(a.createdAt()),
                        "/console/disputes/" + entry.disputeId() + "/attachments/" + a.id(), null));
            }
        }
        return Optional.of(new View(entry.disputeId(), text(d.title()), Labels.status(entry.status()),
                shown == Disclosure.MASKED, fields, parties, timeline, linked, feedback, signable, acts, files));
    }

    /**
     * Whom the triage desk may send a dispute to: the county's townships, then its bodies (mediation
     * committees, the task force…), neither the desk itself nor the centre, nor the present holder.
     */
    private List<ChoiceGroup> reassignTargets(String county, String holder) {
        List<Choice> townships = new ArrayList<>();
        for (Division t : county == null ? gazetteer.townships() : gazetteer.townshipsOf(county)) {
            if (!t.code().equals(holder)) {
                townships.add(new Choice(t.code(), t.name()));
            }
        }
        List<Choice> bodies = new ArrayList<>();
        for (String role : routing.roles().keySet()) {
            String body = routing.countyBody(county, role);
            if (!"TRIAGE".equals(role) && !"CENTRE".equals(role) && !body.equals(holder)) {
                bodies.add(new Choice(body, handlers.nameOf(body)));
            }
        }
        return List.of(new ChoiceGroup("镇街", townships), new ChoiceGroup("县级部门、专业调解组织", bodies));
    }

    /**
     * The extension request still waiting for the county centre: the last one asked, when no approval or
     * refusal came after it; null when none waits.
     */
    private String waitingExtension(LedgerEntry entry) throws SQLException {
        // The ledger's own record of requests decides, as it does for the service.
        var waiting = extensions.inTransaction(tx -> extensions.extensions(tx, entry.disputeId())).waiting();
        if (waiting.isEmpty()) {
            return null;
        }
        List<LedgerEntry.HistoryEntry> history = entry.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            LedgerEntry.HistoryEntry h = history.get(i);
            if ("EXTENSION_REQUESTED".equals(h.event())) {
                return Labels.time(h.at()) + " 申请延期 " + waiting.get().days() + " 天"
                        + (h.reason() == null || h.reason().isBlank() ? "" : "，理由：" + h.reason());
            }
        }
        return "申请延期 " + waiting.get().days() + " 天";
    }

    private Optional<LedgerEntry> find(String disputeId) throws SQLException {
        // An id that could not be one is not looked up.
        if (disputeId == null || !disputeId.matches("[A-Z]{2}[0-9]{8,20}")) {
            return Optional.empty();
        }
        return ledger.find(disputeId);
    }

    /** Who acted: a handler by name, a source by its Chinese name, the gateway as 系统. */
    private String actor(String actor) {
        if (actor == null) {
            return "";
        }
        if ("gateway".equals(actor)) {
            return "系统";
        }
        String source = sources.displayName(actor);
        if (!source.equals(actor)) {
            return source;
        }
        return handlers.nameOf(actor);
    }

    private static String name(String code, java.util.function.Function<String, Optional<Division>> lookup) {
        return code == null ? null : lookup.apply(code).map(Division::name).orElse(code);
    }

    private static void add(List<Field> fields, String label, String value) {
        if (value != null && !value.isBlank()) {
            fields.add(new Field(label, value));
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
