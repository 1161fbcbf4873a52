package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.canonical.RiskLevel;
import org.fengqiao.gateway.privacy.Disclosure;
import org.fengqiao.gateway.privacy.Masking;
import org.fengqiao.gateway.privacy.PartyFieldCipher;
import org.fengqiao.gateway.security.StaffCaller;

/**
 * Every dispute and every status change, with the delivery outbox beside them. Plain JDBC on
 * portable SQL: the same statements run on H2 and PostgreSQL. Personal data (party ID and phone
 * numbers, free text) is encrypted in {@code dispute.document} and {@code dispute.title}
 * ({@link PartyFieldCipher}): sealed here on the way in and opened on the way out, so callers only
 * ever handle clear documents.
 */
@ApplicationScoped
public class DisputeLedger {

    static final String GATEWAY_ACTOR = "gateway";
    private static final DateTimeFormatter ID_DATE = DateTimeFormatter.ofPattern("uuuuMMdd");
    /** A dispute id ends in the sequence's number modulo this: 8 digits. */
    private static final long ID_NUMBERS = 100_000_000L;

    @Inject
    LedgerDatabase database;
    @Inject
    ObjectMapper json;
    @Inject
    PartyFieldCipher documents;
    @Inject
    SearchKeys searchKeys;

    /** {@code FQ} + the local date + an 8-digit sequence: one readable code per matter. */
    public String nextDisputeId(OffsetDateTime at) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("select nextval('dispute_seq')");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            String number = Long.toString(ID_NUMBERS + rs.getLong(1) % ID_NUMBERS).substring(1); // 8 digits
            return "FQ" + GatewayTime.inZone(at).format(ID_DATE) + number;
        }
    }

    /**
     * {@code count} new dispute ids in one round trip (a backfill's chunk), each dated by its own
     * time: the same numbers {@link #nextDisputeId} would give one at a time.
     */
    public List<String> nextDisputeIds(List<OffsetDateTime> at) throws SQLException {
        if (at.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(at.size());
        String rows = database.embedded() ? "system_range(1, ?)" : "generate_series(1, ?)";
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("select nextval('dispute_seq') from " + rows)) {
            s.setInt(1, at.size());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String number = Long.toString(ID_NUMBERS + rs.getLong(1) % ID_NUMBERS).substring(1);
                    ids.add("FQ" + GatewayTime.inZone(at.get(ids.size())).format(ID_DATE) + number);
                }
            }
        }
        return ids;
    }

    /** A party key of a dispute in the ledger, as {@link #findSameMatter} compares it. */
    public record KeyedDispute(String disputeId, String sourceSystem, String handlerId, OffsetDateTime receivedAt,
            String townshipCode, String keyHash) {
    }

    /**
     * Every dispute in the ledger holding one of these party keys, received at or after
     * {@code since}: what {@link #findSameMatter} would find for any record of a backfill's chunk, read
     * once for the whole chunk (each record then picks its own township, window and other sources).
     */
    public List<KeyedDispute> disputesByPartyKeys(Collection<String> partyKeys, OffsetDateTime since)
            throws SQLException {
        List<KeyedDispute> out = new ArrayList<>();
        List<String> keys = new ArrayList<>(new java.util.LinkedHashSet<>(partyKeys));
        try (Connection c = database.connection()) {
            // In slices: a statement's bind parameters are limited, and a chunk's keys can be many.
            for (int from = 0; from < keys.size(); from += 1000) {
                List<String> slice = keys.subList(from, Math.min(keys.size(), from + 1000));
                try (PreparedStatement s = c.prepareStatement("""
                        select d.dispute_id, d.source_system, d.handler_id, d.received_at, k.township_code, k.key_hash
                        from dispute_party_key k join dispute d on d.dispute_id = k.dispute_id
                        where k.received_at >= ? and k.key_hash in (%s)""".formatted(placeholders(slice.size())))) {
                    int i = 1;
                    s.setObject(i++, since);
                    for (String key : slice) {
                        s.setString(i++, key);
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            out.add(new KeyedDispute(rs.getString(1), rs.getString(2), rs.getString(3),
                                    rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getString(6)));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Earlier disputes from other sources, within the window, in the same township and sharing a
     * party key: the same matter reported twice. Newest first.
     */
    public List<SameMatter> findSameMatter(String sourceSystem, String townshipCode, Set<String> partyKeys,
            OffsetDateTime since) throws SQLException {
        if (townshipCode == null || partyKeys.isEmpty()) {
            return List.of();
        }
        String placeholders = placeholders(partyKeys.size());
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("""
                        select distinct d.dispute_id, d.source_system, d.handler_id, d.received_at
                        from dispute_party_key k join dispute d on d.dispute_id = k.dispute_id
                        where k.township_code = ? and k.received_at >= ? and d.source_system <> ?
                          and k.key_hash in (%s)
                        order by d.received_at desc, d.dispute_id desc""".formatted(placeholders))) {
            int i = 1;
            s.setString(i++, townshipCode);
            s.setObject(i++, since);
            s.setString(i++, sourceSystem);
            for (String key : partyKeys) {
                s.setString(i++, key);
            }
            List<SameMatter> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new SameMatter(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        }
    }

    /**
     * A new dispute as the intake made it, ready to record: its document in clear (for the handler's
     * queue) and sealed (for the ledger), its title sealed (for {@code dispute.title}, which the
     * inbox lists), and the keys it is linked and searched by. Made with {@link #newDispute}.
     */
    public record NewDispute(CanonicalDispute dispute, String document, String sealedDocument, String sealedTitle,
            Set<String> partyKeys, SearchKeys.DisputeKeys searchKeys, SupervisionTimes supervision) {
    }

    /**
     * Seals the document and makes its search keys here, on the caller's thread: a group commit's
     * writer records what many request threads prepared, and is the one thread every new dispute waits for.
     */
    public NewDispute newDispute(CanonicalDispute dispute, String document, Set<String> partyKeys,
            SupervisionTimes supervision) {
        CanonicalDispute sealed = documents.sealed(dispute);
        return new NewDispute(dispute, document, documents.write(sealed), sealed.title(), partyKeys,
                searchKeys.of(dispute), supervision);
    }

    /**
     * Records a new dispute, its first history entry, its party and search keys and its pending
     * delivery in one transaction, and links it back from the disputes it is related to.
     *
     * @throws DuplicateSourceRecordException when the source record is already a dispute
     */
    public PendingDelivery recordNew(CanonicalDispute dispute, String document, Set<String> partyKeys,
            SupervisionTimes supervision) throws SQLException, DuplicateSourceRecordException {
        return recordNew(newDispute(dispute, document, partyKeys, supervision));
    }

    /** {@link #recordNew} for a dispute already made (and its document sealed) by {@link #newDispute}. */
    public PendingDelivery recordNew(NewDispute dispute) throws SQLException, DuplicateSourceRecordException {
        return recordAll(List.of(dispute)).get(0);
    }

    /**
     * Records new disputes in one transaction, on the disk when this returns: a group commit's
     * disputes. All or nothing: if any source record is already a dispute, none is recorded.
     *
     * <p>Each kind of row goes in one JDBC batch for the whole group (disputes, history entries,
     * outbox entries, party keys): on PostgreSQL a batch is one round trip to the server instead of
     * one per row, and the group's writer is the thread every new dispute waits for.
     *
     * @throws DuplicateSourceRecordException when a source record is already a dispute
     */
    public List<PendingDelivery> recordAll(List<NewDispute> disputes)
            throws SQLException, DuplicateSourceRecordException {
        return commitNew(UnitOfWork.Commit.DURABLE, disputes);
    }

    /**
     * {@link #recordAll} for a group commit, committed as the {@link DurabilityMode} says: on the
     * disk, or (the embedded ledger whose log is the broker's journal) without waiting for it, for
     * disputes whose record the caller puts in the {@link LedgerJournal} and has confirmed by the
     * broker before answering anyone. The embedded ledger's file then gets them at its next store;
     * a crash before it is repaired from the journal at the next start.
     */
    public List<PendingDelivery> recordGroup(List<NewDispute> disputes)
            throws SQLException, DuplicateSourceRecordException {
        return commitNew(database.mode().groupCommit(), disputes);
    }

    private List<PendingDelivery> commitNew(UnitOfWork.Commit commit, List<NewDispute> disputes)
            throws SQLException, DuplicateSourceRecordException {
        try {
            return database.transaction(commit, work -> insertNew(work.connection(), disputes));
        } catch (SQLException e) {
            if (UniqueViolation.is(e)) {
                throw new DuplicateSourceRecordException();
            }
            throw e;
        }
    }

    /**
     * Which of these new disputes cannot join a group's insert: their source record is in the ledger
     * already, or an earlier one of the same list carries it too (a client's retry arriving beside
     * its first attempt). Read before a group is written again without them, so one repeat does not
     * send the whole group down the one-by-one path.
     */
    public Set<String> repeatsAmong(List<NewDispute> disputes) throws SQLException {
        Set<String> repeats = new HashSet<>();
        Set<List<String>> seen = new HashSet<>();
        for (NewDispute d : disputes) {
            if (!seen.add(sourceRecordOf(d))) {
                repeats.add(d.dispute().disputeId());
            }
        }
        Set<String> systems = new HashSet<>();
        Set<String> recordIds = new HashSet<>();
        seen.forEach(pair -> {
            systems.add(pair.get(0));
            recordIds.add(pair.get(1));
        });
        // Both columns in lists: the unique index on (source_system, source_record_id) answers it.
        Set<List<String>> known = new HashSet<>();
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement(
                        "select source_system, source_record_id from dispute where source_system in (%s) and source_record_id in (%s)"
                                .formatted(placeholders(systems.size()), placeholders(recordIds.size())))) {
            int i = 1;
            for (String system : systems) {
                s.setString(i++, system);
            }
            for (String recordId : recordIds) {
                s.setString(i++, recordId);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    known.add(List.of(rs.getString(1), rs.getString(2)));
                }
            }
        }
        for (NewDispute d : disputes) {
            if (known.contains(sourceRecordOf(d))) {
                repeats.add(d.dispute().disputeId());
            }
        }
        return repeats;
    }

    private static List<String> sourceRecordOf(NewDispute d) {
        return List.of(d.dispute().source().system(), d.dispute().source().recordId());
    }

    /** "?, ?, ?" for an {@code in (...)} list of {@code count} values. */
    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /** Which of these disputes the ledger holds. */
    public Set<String> existing(Collection<String> disputeIds) throws SQLException {
        if (disputeIds.isEmpty()) {
            return Set.of();
        }
        String placeholders = placeholders(disputeIds.size());
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement(
                        "select dispute_id from dispute where dispute_id in (%s)".formatted(placeholders))) {
            int i = 1;
            for (String id : disputeIds) {
                s.setString(i++, id);
            }
            Set<String> found = new HashSet<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        }
    }

    /**
     * Makes the dispute sequence's next number greater than the highest one in these ids: after a
     * crash the sequence may resume below numbers that disputes recovered from the journal carry.
     */
    public void moveSequencePast(Collection<String> disputeIds) throws SQLException {
        long highest = disputeIds.stream().mapToLong(id -> Long.parseLong(id.substring(id.length() - 8)))
                .max().orElse(-1);
        if (highest < 0) {
            return;
        }
        database.transaction(UnitOfWork.Commit.DURABLE, work -> {
            Connection c = work.connection();
            long next;
            try (PreparedStatement s = c.prepareStatement("select nextval('dispute_seq')");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                next = rs.getLong(1);
            }
            if (next % ID_NUMBERS <= highest) {
                try (var s = c.createStatement()) {
                    // restart above the highest in the same cycle of ID_NUMBERS
                    s.execute("alter sequence dispute_seq restart with " + (next - next % ID_NUMBERS + highest + 1));
                }
            }
            return null;
        });
    }

    private List<PendingDelivery> insertNew(Connection c, List<NewDispute> disputes) throws SQLException {
        if (disputes.isEmpty()) {
            return List.of();
        }
        List<PendingDelivery> deliveries = insertDisputeRows(c, disputes, n -> RowState.received(n, DisputeStatus.RECEIVED));
        try (PreparedStatement s = prepareHistory(c)) {
            for (NewDispute n : disputes) {
                var source = n.dispute().source();
                addHistory(s, n.dispute().disputeId(), HistoryKind.RECEIVED, DisputeStatus.RECEIVED, source.receivedAt(),
                        source.system(), null, "received from " + source.system(), null);
            }
            s.executeBatch();
        }
        insertOutbox(c, deliveries, disputes);
        insertCoHandlers(c, disputes);
        insertPartyKeys(c, disputes);
        attachSourceFiles(c, disputes);
        insertSearchRowsAndLinks(c, disputes);
        return deliveries;
    }

    /**
     * Where a dispute's row starts: a live one received, in its status, with no outcome; a historical
     * one as its history left it (closed with its outcome and closing time, or held without a
     * deadline), written so in its first insert rather than updated after.
     */
    record RowState(DisputeStatus status, String outcome, OffsetDateTime updatedAt, boolean dueCleared) {
        static RowState received(NewDispute n, DisputeStatus status) {
            return new RowState(status, null, n.dispute().source().receivedAt(), false);
        }
    }

    /**
     * The disputes' rows, in one batch, each in the state {@code stateOf} gives; returns the first
     * delivery of each (to its handler's queue), for those that get one.
     */
    static List<PendingDelivery> insertDisputeRows(Connection c, List<NewDispute> disputes,
            RowStates stateOf) throws SQLException {
        List<PendingDelivery> deliveries = new ArrayList<>(disputes.size());
        try (PreparedStatement s = c.prepareStatement("""
                insert into dispute (dispute_id, source_system, source_record_id, status, category_code,
                    handler_id, county_code, township_code, urgency, title, received_at, due_at, document,
                    updated_at, remind_at, escalate_at, address_keys, search_keys_version, co_handler_ids, outcome)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (NewDispute n : disputes) {
                CanonicalDispute dispute = n.dispute();
                var assignment = dispute.assignment();
                RowState state = stateOf.of(n);
                deliveries.add(new PendingDelivery(PendingDelivery.firstDeliveryId(dispute.disputeId()),
                        dispute.disputeId(), assignment.handlerId(), n.document(), dispute.source().system(),
                        dispute.category().code().name(), dispute.urgency().name(), assignment.reason()));
                s.setString(1, dispute.disputeId());
                s.setString(2, dispute.source().system());
                s.setString(3, dispute.source().recordId());
                s.setString(4, state.status().name());
                s.setString(5, dispute.category().code().name());
                s.setString(6, assignment.handlerId());
                s.setString(7, dispute.location().countyCode());
                s.setString(8, dispute.location().townshipCode());
                s.setString(9, dispute.urgency().name());
                s.setString(10, n.sealedTitle());
                s.setObject(11, dispute.source().receivedAt());
                s.setObject(12, state.dueCleared() ? null : assignment.dueAt());
                s.setString(13, n.sealedDocument());
                s.setObject(14, state.updatedAt());
                s.setObject(15, n.supervision().remindAt());
                s.setObject(16, n.supervision().escalateAt());
                s.setString(17, n.searchKeys().addressColumn());
                s.setInt(18, SearchKeys.VERSION);
                List<String> coHandlers = coHandlersOf(dispute);
                s.setString(19, coHandlers.isEmpty() ? null : String.join(",", coHandlers));
                s.setString(20, state.outcome());
                s.addBatch();
            }
            s.executeBatch();
        }
        return deliveries;
    }

    /** Each new row's {@link RowState}. */
    @FunctionalInterface
    interface RowStates {
        RowState of(NewDispute n);
    }

    /** The deliveries' outbox rows (deliveries.get(i) is disputes.get(i)'s), created when each was received. */
    static void insertOutbox(Connection c, List<PendingDelivery> deliveries, List<NewDispute> disputes)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                insert into delivery_outbox (delivery_id, dispute_id, handler_id, reason, created_at)
                values (?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < disputes.size(); i++) {
                PendingDelivery delivery = deliveries.get(i);
                s.setString(1, delivery.deliveryId());
                s.setString(2, delivery.disputeId());
                s.setString(3, delivery.handlerId());
                s.setString(4, delivery.reason());
                s.setObject(5, disputes.get(i).dispute().source().receivedAt());
                s.addBatch();
            }
            s.executeBatch(); // an empty batch writes nothing
        }
    }

    /** The disputes' search keys and risk marks, and the links back from the disputes they are related to. */
    void insertSearchRowsAndLinks(Connection c, List<NewDispute> disputes) throws SQLException {
        SearchRows.insert(c, disputes.stream().map(n -> new SearchRows(n.dispute().disputeId(), n.searchKeys(),
                RiskMark.of(n.dispute()))).toList());
        java.util.Map<String, List<CanonicalDispute.RelatedLink>> back = new java.util.HashMap<>();
        for (NewDispute n : disputes) {
            CanonicalDispute dispute = n.dispute();
            if (dispute.related() != null) {
                for (CanonicalDispute.RelatedLink link : dispute.related()) {
                    back.computeIfAbsent(link.disputeId(), id -> new ArrayList<>()).add(new CanonicalDispute.RelatedLink(
                            dispute.disputeId(), link.relation(), "reported again by " + dispute.source().system()));
                }
            }
        }
        linkBack(c, back);
    }

    private static List<String> coHandlersOf(CanonicalDispute dispute) {
        List<String> ids = dispute.assignment().coHandlerIds();
        return ids == null ? List.of() : ids;
    }

    /**
     * The co-handlers a new dispute names at intake (the grid's handler): their rows for the inbox, and
     * the notice each is owed, in the dispute's own transaction, so that a crash after the commit
     * leaves the notice to the relay ({@code supervision.CoHandlerNotices}) rather than losing it.
     */
    static void insertCoHandlers(Connection c, List<NewDispute> disputes) throws SQLException {
        if (disputes.stream().allMatch(n -> coHandlersOf(n.dispute()).isEmpty())) {
            return;
        }
        try (PreparedStatement rows = c.prepareStatement(
                "insert into dispute_co_handler (handler_id, dispute_id) values (?, ?)");
                PreparedStatement notices = c.prepareStatement(
                        "insert into co_handler_notice (dispute_id, handler_id, created_at) values (?, ?, ?)")) {
            for (NewDispute n : disputes) {
                CanonicalDispute dispute = n.dispute();
                for (String handler : new java.util.LinkedHashSet<>(coHandlersOf(dispute))) {
                    rows.setString(1, handler);
                    rows.setString(2, dispute.disputeId());
                    rows.addBatch();
                    notices.setString(1, dispute.disputeId());
                    notices.setString(2, handler);
                    notices.setObject(3, dispute.source().receivedAt());
                    notices.addBatch();
                }
            }
            rows.executeBatch();
            notices.executeBatch();
        }
    }

    /** A notice owed to a co-handler named at intake, with the dispute's holder and handling deadline. */
    public record CoHandlerNotice(String disputeId, String coHandlerId, String holderId, OffsetDateTime dueAt,
            OffsetDateTime createdAt) {
    }

    /** Notices owed to co-handlers and not yet taken by the broker, oldest first. */
    public List<CoHandlerNotice> unsentCoHandlerNotices(int limit) throws SQLException {
        List<CoHandlerNotice> out = new ArrayList<>();
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("""
                        select n.dispute_id, n.handler_id, d.handler_id, d.due_at, n.created_at
                        from co_handler_notice n join dispute d on d.dispute_id = n.dispute_id
                        where n.sent_at is null order by n.created_at fetch first %d rows only""".formatted(limit));
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new CoHandlerNotice(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class)));
            }
        }
        return out;
    }

    public void markCoHandlerNoticeSent(String disputeId, String coHandlerId, OffsetDateTime at) throws SQLException {
        database.transaction(UnitOfWork.Commit.DURABLE, work -> {
            try (PreparedStatement s = work.connection().prepareStatement(
                    "update co_handler_notice set sent_at = ? where dispute_id = ? and handler_id = ?")) {
                s.setObject(1, at);
                s.setString(2, disputeId);
                s.setString(3, coHandlerId);
                s.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The files a source sent with its case, stored {@code PENDING} before the case was recorded,
     * become the new dispute's in its own transaction: recorded, they are attached; not recorded
     * (refused, a repeat, a crash before the commit), they stay pending for the sweep. Replaying the
     * embedded ledger's journal attaches them again, the record carrying their references only. Files
     * sent by reference are recorded here, {@code REFERENCED}, so a reference exists exactly when its
     * dispute does; the attachment fetcher takes it from there.
     */
    private static void attachSourceFiles(Connection c, List<NewDispute> disputes) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                update attachment set state = 'ATTACHED', attached_at = ?
                where attachment_id = ? and dispute_id = ? and state = 'PENDING'""");
                PreparedStatement referenced = c.prepareStatement("""
                        insert into attachment (attachment_id, dispute_id, state, file_name, uploaded_by, created_at,
                            source_url, attempts, next_attempt_at)
                        values (?, ?, 'REFERENCED', ?, ?, ?, ?, 0, ?)""")) {
            boolean any = false;
            boolean anyReferenced = false;
            for (NewDispute n : disputes) {
                CanonicalDispute dispute = n.dispute();
                if (dispute.attachments() == null) {
                    continue;
                }
                for (CanonicalDispute.AttachmentRef file : dispute.attachments()) {
                    if (file.awaitingFetch()) {
                        // Sent by reference: recorded with the dispute, due for the fetcher at once.
                        referenced.setString(1, file.id());
                        referenced.setString(2, dispute.disputeId());
                        referenced.setString(3, file.fileName());
                        referenced.setString(4, dispute.source().system());
                        referenced.setObject(5, dispute.source().receivedAt());
                        referenced.setString(6, file.sourceUrl());
                        referenced.setObject(7, dispute.source().receivedAt());
                        referenced.addBatch();
                        anyReferenced = true;
                        continue;
                    }
                    s.setObject(1, dispute.source().receivedAt());
                    s.setString(2, file.id());
                    s.setString(3, dispute.disputeId());
                    s.addBatch();
                    any = true;
                }
            }
            if (any) {
                s.executeBatch();
            }
            if (anyReferenced) {
                referenced.executeBatch();
            }
        }
    }

    public Optional<LedgerEntry> findBySourceRecord(String system, String recordId) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement(
                        "select dispute_id, status from dispute where source_system = ? and source_record_id = ?")) {
            s.setString(1, system);
            s.setString(2, recordId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new LedgerEntry(rs.getString(1), DisputeStatus.valueOf(rs.getString(2)), null, List.of(), null,
                        List.of()))
                        : Optional.empty();
            }
        }
    }

    public Optional<LedgerEntry> find(String disputeId) throws SQLException {
        try (Connection c = database.connection()) {
            DisputeStatus status;
            String document;
            String handlerId;
            String coHandlerIds;
            try (PreparedStatement s = c.prepareStatement(
                    "select status, document, handler_id, co_handler_ids from dispute where dispute_id = ?")) {
                s.setString(1, disputeId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    status = DisputeStatus.valueOf(rs.getString(1));
                    document = documents.open(rs.getString(2));
                    handlerId = rs.getString(3);
                    coHandlerIds = rs.getString(4);
                }
            }
            List<LedgerEntry.HistoryEntry> history = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("""
                    select coalesce(event, status), status, occurred_at, actor, handler_id, reason, detail, actor_person
                    from dispute_history where dispute_id = ? order by id""")) {
                s.setString(1, disputeId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        history.add(new LedgerEntry.HistoryEntry(rs.getString(1), rs.getString(2),
                                GatewayTime.inZone(rs.getObject(3, OffsetDateTime.class)), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                    }
                }
            }
            return Optional.of(new LedgerEntry(disputeId, status, document, history, handlerId,
                    coHandlers(coHandlerIds)));
        }
    }

    public Optional<PendingDelivery> pendingDeliveryOf(String disputeId) throws SQLException {
        List<PendingDelivery> found = pending("o.dispute_id = ?", ps -> ps.setString(1, disputeId), 1);
        return found.stream().findFirst();
    }

    /** Deliveries committed before {@code createdBefore} and still not confirmed, oldest first. */
    public List<PendingDelivery> pendingDeliveries(OffsetDateTime createdBefore, int limit) throws SQLException {
        return pending("o.created_at < ?", ps -> ps.setObject(1, createdBefore), limit);
    }

    private List<PendingDelivery> pending(String condition, Binder binder, int limit) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("""
                        select o.delivery_id, o.dispute_id, o.handler_id, d.document, d.source_system,
                               d.category_code, d.urgency, o.reason
                        from delivery_outbox o join dispute d on d.dispute_id = o.dispute_id
                        where o.delivered_at is null and %s
                        order by o.created_at
                        fetch first %d rows only""".formatted(condition, limit))) {
            binder.bind(s);
            List<PendingDelivery> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    // The handler's queue gets the full values: it holds the dispute.
                    out.add(new PendingDelivery(rs.getString(1), rs.getString(2), rs.getString(3),
                            documents.open(rs.getString(4)),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
            return out;
        }
    }

    /** Whether the broker has confirmed this delivery (its outbox row is marked delivered). */
    public boolean isDelivered(String deliveryId) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement(
                        "select delivered_at from delivery_outbox where delivery_id = ?")) {
            s.setString(1, deliveryId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getObject(1) != null;
            }
        }
    }

    /** The broker confirmed the send: clear the outbox row and move the dispute to DISPATCHED. */
    public void markDelivered(PendingDelivery delivery, OffsetDateTime at) throws SQLException {
        markAllDelivered(List.of(delivery), at);
    }

    /**
     * {@link #markDelivered} for several deliveries the broker confirmed together, in one transaction
     * that does not wait for the disk ({@link UnitOfWork.Commit#REPLAYABLE}): readers see
     * the disputes DISPATCHED as soon as it returns; a crash may lose the mark, never the dispute or
     * its delivery, and the outbox relay then makes it again.
     */
    public void markAllDelivered(List<PendingDelivery> deliveries, OffsetDateTime at) throws SQLException {
        database.transaction(UnitOfWork.Commit.REPLAYABLE, work -> {
            markDelivered(work.connection(), deliveries, at);
            return null;
        });
    }

    /**
     * Clears the outbox rows the broker confirmed and moves their disputes to DISPATCHED, with a
     * history entry each; a row another instance (or the relay) cleared first keeps its entry.
     */
    private void markDelivered(Connection c, List<PendingDelivery> deliveries, OffsetDateTime at) throws SQLException {
        if (deliveries.isEmpty()) {
            return;
        }
        int[] cleared;
        try (PreparedStatement s = c.prepareStatement(
                "update delivery_outbox set delivered_at = ? where delivery_id = ? and delivered_at is null")) {
            for (PendingDelivery delivery : deliveries) {
                s.setObject(1, at);
                s.setString(2, delivery.deliveryId());
                s.addBatch();
            }
            cleared = s.executeBatch();
        }
        List<PendingDelivery> marked = new ArrayList<>(deliveries.size());
        for (int i = 0; i < deliveries.size(); i++) {
            // 0: already cleared by another instance or the relay. A driver may answer "done, count
            // unknown" (SUCCESS_NO_INFO) for a batch row: marked (at worst a second DISPATCHED entry
            // in the timeline) rather than left RECEIVED.
            if (cleared[i] != 0) {
                marked.add(deliveries.get(i));
            }
        }
        if (marked.isEmpty()) {
            return;
        }
        int[] dispatched;
        try (PreparedStatement s = c.prepareStatement(
                // New, re-routed or re-assigned: once on its (current) handler's queue it is dispatched.
                "update dispute set status = ?, updated_at = ? where dispute_id = ? and handler_id = ?"
                        + " and status in ('RECEIVED', 'RETURNED')")) {
            for (PendingDelivery delivery : marked) {
                s.setString(1, DisputeStatus.DISPATCHED.name());
                s.setObject(2, at);
                s.setString(3, delivery.disputeId());
                s.setString(4, delivery.handlerId());
                s.addBatch();
            }
            dispatched = s.executeBatch();
        }
        try (PreparedStatement s = prepareHistory(c)) {
            for (int i = 0; i < marked.size(); i++) {
                PendingDelivery delivery = marked.get(i);
                DisputeStatus after = dispatched[i] == 0
                        ? currentStatus(c, delivery.disputeId()) // e.g. REOPENED stays REOPENED
                        : DisputeStatus.DISPATCHED;
                addHistory(s, delivery.disputeId(), HistoryKind.DISPATCHED, after, at, GATEWAY_ACTOR, delivery.handlerId(),
                        delivery.reason(), null);
            }
            s.executeBatch();
        }
    }

    /** The broker did not confirm these deliveries: count the attempt on each (the relay tries again). */
    public void recordDeliveryFailures(List<PendingDelivery> deliveries, String error) throws SQLException {
        for (PendingDelivery delivery : deliveries) {
            recordDeliveryFailure(delivery, error);
        }
    }

    public void recordDeliveryFailure(PendingDelivery delivery, String error) throws SQLException {
        database.transaction(UnitOfWork.Commit.DURABLE, work -> {
            try (PreparedStatement s = work.prepare(
                    "update delivery_outbox set attempts = attempts + 1, last_error = ? where delivery_id = ?")) {
                s.setString(1, error.length() > 500 ? error.substring(0, 500) : error);
                s.setString(2, delivery.deliveryId());
                return s.executeUpdate();
            }
        });
    }

    /**
     * A page of the handler's inbox as the caller may see it: the disputes it holds ({@code role}
     * HANDLER) and those it co-holds (CO_HANDLER: a township whose dispute was escalated to the joint
     * task force stays on it), newest first; each title decrypted and shown by the {@link Disclosure}
     * rule for that dispute (in full to its holders and co-holders, masked to its overseers).
     */
    public InboxPage inbox(String handlerId, String status, int page, int size, StaffCaller caller, String cityCode)
            throws SQLException {
        String filter = status == null ? "" : " and d.status = ?";
        // Two index lookups (the holder's, the co-holder's rows) rather than one OR the indexes cannot serve.
        String held = "from dispute d where d.handler_id = ?" + filter;
        String coHeld = "from dispute d join dispute_co_handler h on h.dispute_id = d.dispute_id"
                + " where h.handler_id = ? and d.handler_id <> ?" + filter;
        try (Connection c = database.connection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement(
                    "select (select count(*) " + held + ") + (select count(*) " + coHeld + ")")) {
                bindInbox(s, handlerId, status);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            String columns = "select d.dispute_id, d.status, d.source_system, d.category_code, d.urgency, d.title,"
                    + " d.township_code, d.received_at, d.due_at, d.co_handler_ids, d.county_code, d.handler_id, ";
            List<InboxItem> items = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("""
                    select * from (%s 'HANDLER' as inbox_role %s union all %s 'CO_HANDLER' %s) x
                    order by received_at desc, dispute_id desc
                    offset %d rows fetch next %d rows only""".formatted(columns, held, columns, coHeld,
                    (long) page * size, size))) {
                bindInbox(s, handlerId, status);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Disclosure shown = Disclosure.of(caller, rs.getString(12), coHandlers(rs.getString(10)),
                                rs.getString(11), cityCode);
                        String title = shown.shown() ? shown.text(documents.cipher().decrypt(rs.getString(6))) : null;
                        items.add(new InboxItem(rs.getString(1), DisputeStatus.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                                rs.getString(5), title, rs.getString(7),
                                GatewayTime.inZone(rs.getObject(8, OffsetDateTime.class)),
                                GatewayTime.inZone(rs.getObject(9, OffsetDateTime.class)), rs.getString(13)));
                    }
                }
            }
            return new InboxPage(handlerId, status, page, size, total, items);
        }
    }

    /**
     * A handler's open work for the staff console: the disputes it holds and (when asked) those it
     * co-holds, in the given statuses, urgent ones first, then by deadline (overdue first, none last),
     * then oldest first; at most {@code limit}. Titles are shown by the {@link Disclosure} rule, like
     * the inbox's.
     */
    public List<WorkItem> worklist(String handlerId, Set<DisputeStatus> statuses, boolean held, boolean coHeld,
            int limit, StaffCaller caller, String cityCode) throws SQLException {
        return worklist(handlerId, statuses, held, coHeld, WorkFilter.NONE, limit, caller, cityCode);
    }

    /** The work list narrowed by {@code filter}, in the query itself. */
    public List<WorkItem> worklist(String handlerId, Set<DisputeStatus> statuses, boolean held, boolean coHeld,
            WorkFilter filter, int limit, StaffCaller caller, String cityCode) throws SQLException {
        if (statuses.isEmpty() || !(held || coHeld)) {
            return List.of();
        }
        List<Object> narrowing = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        if (filter.categoryCode() != null) {
            where.append(" and d.category_code = ?");
            narrowing.add(filter.categoryCode());
        }
        if (filter.sourceSystem() != null) {
            where.append(" and d.source_system = ?");
            narrowing.add(filter.sourceSystem());
        }
        if (filter.overdueAt() != null) {
            where.append(" and d.due_at < ?");
            narrowing.add(filter.overdueAt());
        }
        if (filter.receivedFrom() != null) {
            where.append(" and d.received_at >= ?");
            narrowing.add(filter.receivedFrom());
        }
        if (filter.receivedBefore() != null) {
            where.append(" and d.received_at < ?");
            narrowing.add(filter.receivedBefore());
        }
        String in = " and d.status in (" + String.join(", ", statuses.stream().map(s -> "?").toList()) + ")"
                + where;
        String columns = "select d.dispute_id, d.status, d.source_system, d.category_code, d.urgency, d.title,"
                + " d.township_code, d.received_at, d.due_at, d.co_handler_ids, d.county_code, d.handler_id, ";
        List<String> parts = new ArrayList<>();
        if (held) {
            parts.add(columns + "'HANDLER' as inbox_role from dispute d where d.handler_id = ?" + in);
        }
        if (coHeld) {
            parts.add(columns + "'CO_HANDLER' as inbox_role from dispute d join dispute_co_handler h"
                    + " on h.dispute_id = d.dispute_id where h.handler_id = ? and d.handler_id <> ?" + in);
        }
        // The documents (the rows' risk flags and village) are joined to the rows shown only, after the
        // order and the limit, rather than carried through the sort for every open item of the handler.
        String sql = "select x.*, w.document from (select * from (" + String.join(" union all ", parts) + ") u"
                + worklistOrder("u") + " fetch next " + limit + " rows only) x"
                + " join dispute w on w.dispute_id = x.dispute_id" + worklistOrder("x");
        List<WorkItem> items = new ArrayList<>();
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (held) {
                s.setString(i++, handlerId);
                for (DisputeStatus status : statuses) {
                    s.setString(i++, status.name());
                }
                for (Object value : narrowing) {
                    s.setObject(i++, value);
                }
            }
            if (coHeld) {
                s.setString(i++, handlerId);
                s.setString(i++, handlerId);
                for (DisputeStatus status : statuses) {
                    s.setString(i++, status.name());
                }
                for (Object value : narrowing) {
                    s.setObject(i++, value);
                }
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Disclosure shown = Disclosure.of(caller, rs.getString(12), coHandlers(rs.getString(10)),
                            rs.getString(11), cityCode);
                    String title = shown.shown() ? shown.text(documents.cipher().decrypt(rs.getString(6))) : null;
                    InboxItem item = new InboxItem(rs.getString(1), DisputeStatus.valueOf(rs.getString(2)),
                            rs.getString(3), rs.getString(4), rs.getString(5), title, rs.getString(7),
                            GatewayTime.inZone(rs.getObject(8, OffsetDateTime.class)),
                            GatewayTime.inZone(rs.getObject(9, OffsetDateTime.class)), rs.getString(13));
                    items.add(workItem(item, rs.getString(14)));
                }
            }
        }
        return items;
    }

    /** The work list's order: urgent first, then by deadline (none last), then oldest first. */
    private static String worklistOrder(String alias) {
        return (" order by case when %1$s.urgency = 'URGENT' then 0 else 1 end, %1$s.due_at asc nulls last,"
                + " %1$s.received_at asc, %1$s.dispute_id asc").formatted(alias);
    }

    /**
     * What the console's list takes from the document: parts that hold no personal data, read from the
     * stored form without opening its sealed fields.
     */
    private WorkItem workItem(InboxItem item, String sealedDocument) {
        JsonNode document;
        try {
            document = json.readTree(sealedDocument);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dispute " + item.disputeId() + " has an unreadable document", e);
        }
        var risk = document.path("risk");
        List<String> flags = new ArrayList<>();
        risk.path("flags").forEach(flag -> flags.add(flag.asText()));
        String level = risk.path("level").asText(null);
        String dispatched = document.path("assignment").path("dispatchedAt").asText(null);
        return new WorkItem(item, level == null ? null : RiskLevel.valueOf(level),
                List.copyOf(flags), document.path("related").size() > 0,
                document.path("location").path("villageCode").asText(null),
                dispatched == null ? null : GatewayTime.inZone(OffsetDateTime.parse(dispatched)));
    }

    /** Binds the holder's and the co-holder's parts of an inbox query (as built in {@link #inbox}). */
    private static void bindInbox(PreparedStatement s, String handlerId, String status) throws SQLException {
        int i = 1;
        s.setString(i++, handlerId);
        if (status != null) {
            s.setString(i++, status);
        }
        s.setString(i++, handlerId);
        s.setString(i++, handlerId);
        if (status != null) {
            s.setString(i++, status);
        }
    }

    private static List<String> coHandlers(String column) {
        return column == null || column.isBlank() ? List.of() : List.of(column.split(","));
    }

    /**
     * One timeline entry: what happened, the status after it, who, for which handler, why. Reasons
     * and details are free text from handlers (notes, agreements): ID and mobile numbers in them are
     * masked, since the timeline is shown to whoever reads the dispute and is not encrypted.
     */
    static void insertHistory(Connection c, String disputeId, HistoryKind event, DisputeStatus status,
            OffsetDateTime at, String actor, String person, String handlerId, String reason, String detail)
            throws SQLException {
        try (PreparedStatement s = prepareHistory(c)) {
            bindHistory(s, disputeId, event, status, at, actor, handlerId, reason, detail);
            s.setString(9, person);
            s.executeUpdate();
        }
    }

    static PreparedStatement prepareHistory(Connection c) throws SQLException {
        return c.prepareStatement("""
                insert into dispute_history (dispute_id, event, status, occurred_at, actor, handler_id, reason, detail,
                    actor_person)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""");
    }

    /** Adds one history entry to a batch of {@link #prepareHistory}. */
    static void addHistory(PreparedStatement s, String disputeId, HistoryKind event, DisputeStatus status,
            OffsetDateTime at, String actor, String handlerId, String reason, String detail) throws SQLException {
        bindHistory(s, disputeId, event, status, at, actor, handlerId, reason, detail);
        s.setString(9, null); // the gateway's own act
        s.addBatch();
    }

    private static void bindHistory(PreparedStatement s, String disputeId, HistoryKind event, DisputeStatus status,
            OffsetDateTime at, String actor, String handlerId, String reason, String detail) throws SQLException {
        s.setString(1, disputeId);
        s.setString(2, event.name());
        s.setString(3, status.name());
        s.setObject(4, at);
        s.setString(5, actor);
        s.setString(6, handlerId);
        s.setString(7, Masking.text(reason));
        s.setString(8, Masking.text(detail));
    }

    private static DisputeStatus currentStatus(Connection c, String disputeId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select status from dispute where dispute_id = ?")) {
            s.setString(1, disputeId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return DisputeStatus.valueOf(rs.getString(1));
            }
        }
    }

    static void insertPartyKeys(Connection c, List<NewDispute> disputes) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "insert into dispute_party_key (dispute_id, key_hash, township_code, received_at) values (?, ?, ?, ?)")) {
            for (NewDispute n : disputes) {
                CanonicalDispute dispute = n.dispute();
                if (dispute.location().townshipCode() == null) {
                    continue;
                }
                for (String key : n.partyKeys()) {
                    s.setString(1, dispute.disputeId());
                    s.setString(2, key);
                    s.setString(3, dispute.location().townshipCode());
                    s.setObject(4, dispute.source().receivedAt());
                    s.addBatch();
                }
            }
            s.executeBatch(); // an empty batch (no township, no keys) writes nothing
        }
    }

    /**
     * Adds links to earlier disputes' documents, under row locks so concurrent links all land: every
     * earlier dispute read, locked and written once however many new ones link to it, the rows of a
     * batch (a backfill's chunk links thousands) read in one statement and written in one batch. The
     * locks are taken in the order of the dispute ids, so two transactions linking the same disputes
     * wait for each other instead of deadlocking.
     */
    private void linkBack(Connection c, java.util.Map<String, List<CanonicalDispute.RelatedLink>> links)
            throws SQLException {
        if (links.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(new java.util.TreeSet<>(links.keySet()));
        java.util.Map<String, String> documents = new java.util.HashMap<>();
        for (int from = 0; from < ids.size(); from += 1000) {
            List<String> slice = ids.subList(from, Math.min(ids.size(), from + 1000));
            try (PreparedStatement s = c.prepareStatement("select dispute_id, document from dispute where dispute_id in (%s)"
                    .formatted(placeholders(slice.size())) + " order by dispute_id for update")) {
                for (int i = 0; i < slice.size(); i++) {
                    s.setString(i + 1, slice.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        documents.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        if (documents.isEmpty()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement("update dispute set document = ? where dispute_id = ?")) {
            for (String disputeId : ids) {
                String document = documents.get(disputeId);
                if (document == null) {
                    continue;
                }
                try {
                    ObjectNode node = (ObjectNode) json.readTree(document);
                    ArrayNode related = node.has("related") && node.get("related").isArray()
                            ? (ArrayNode) node.get("related") : node.putArray("related");
                    for (CanonicalDispute.RelatedLink link : links.get(disputeId)) {
                        related.add(json.valueToTree(link));
                    }
                    document = json.writeValueAsString(node);
                } catch (JsonProcessingException e) {
                    throw new SQLException("stored document of " + disputeId + " is not JSON", e);
                }
                update.setString(1, document);
                update.setString(2, disputeId);
                update.addBatch();
            }
            update.executeBatch();
        }
        SearchRows.markRepeat(c, ids.stream().filter(documents::containsKey).toList());
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
