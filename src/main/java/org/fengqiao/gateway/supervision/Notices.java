package org.fengqiao.gateway.supervision;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Supervision notices (提醒, 督办, 专班交办) on {@code dispute.notice.<handlerId>}: apart from the
 * dispute queues, which carry only canonical disputes. The duplicate-detection id makes a notice
 * re-sent after a failed commit arrive once.
 */
@ApplicationScoped
public class Notices {

    public static final String QUEUE_PREFIX = "dispute.notice.";

    @Inject
    ProducerTemplate producer;
    @Inject
    ObjectMapper json;

    public void send(String recipient, String type, String disputeId, String holder, OffsetDateTime dueAt,
            String message, OffsetDateTime at) throws Exception {
        send(recipient, type, disputeId, holder, dueAt, message, at, dueAt == null ? "" : dueAt.toInstant().toString());
    }

    /**
     * @param occasion what makes this notice one of its own for the duplicate detection (by default the
     *        deadline: a reminder is sent once per deadline); a notice sent again for the same occasion
     *        arrives once
     */
    public void send(String recipient, String type, String disputeId, String holder, OffsetDateTime dueAt,
            String message, OffsetDateTime at, String occasion) throws Exception {
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("noticeType", type);
        notice.put("disputeId", disputeId);
        notice.put("handlerId", holder);
        notice.put("dueAt", dueAt == null ? null : dueAt.toString());
        notice.put("message", message);
        notice.put("at", at.toString());
        String body = json.writeValueAsString(notice);
        Exchange result = producer.send("jms:queue:" + QUEUE_PREFIX + recipient, exchange -> {
            var m = exchange.getMessage();
            m.setBody(body);
            m.setHeader("noticeType", type);
            m.setHeader("disputeId", disputeId);
            m.setHeader("_AMQ_DUPL_ID", disputeId + ":" + type + ":" + occasion + ":" + recipient);
        });
        if (result.getException() != null) {
            throw result.getException();
        }
    }
}
