package org.fengqiao.gateway.warning;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.fengqiao.gateway.supervision.Notices;

/**
 * Each warning as a notice (type {@code WARNING}) on its county centre's notice queue
 * {@code dispute.notice.<county>-CENTRE}, the city centre's for a warning without a county: the
 * rule's name, the subject as the centre is shown it, and the disputes that caused it. Sent from the
 * ledger after the warning is recorded, and marked sent once the broker has it; a notice sent again
 * after a crash between the two arrives once (the broker's duplicate detection, by warning id).
 */
@ApplicationScoped
public class WarningNotices {

    public static final String TYPE = "WARNING";
    private static final int BATCH = 200;

    @Inject
    WarningLedger warnings;
    @Inject
    ProducerTemplate producer;
    @Inject
    ObjectMapper json;
    @Inject
    RoutingPolicy routing;
    @Inject
    Clock clock;

    /** @return the notices sent */
    int sendUnsent() throws Exception {
        int sent = 0;
        for (int batch = 0; batch < 50; batch++) {
            List<WarningLedger.Unsent> unsent = warnings.unsent(BATCH);
            for (WarningLedger.Unsent w : unsent) {
                send(w);
                sent++;
            }
            if (unsent.size() < BATCH) {
                break;
            }
        }
        return sent;
    }

    private void send(WarningLedger.Unsent w) throws Exception {
        String centre = routing.countyBody(w.countyCode(), "CENTRE");
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("noticeType", TYPE);
        notice.put("warningId", w.id());
        notice.put("ruleId", w.ruleId());
        notice.put("ruleName", w.ruleName());
        notice.put("subject", w.label());
        notice.put("countyCode", w.countyCode());
        notice.put("townshipCode", w.townshipCode());
        notice.put("disputeIds", w.disputeIds());
        notice.put("message", "风险预警：" + w.ruleName());
        notice.put("at", w.raisedAt().toString());
        String body = json.writeValueAsString(notice);
        Exchange result = producer.send("jms:queue:" + Notices.QUEUE_PREFIX + centre, exchange -> {
            var m = exchange.getMessage();
            m.setBody(body);
            m.setHeader("noticeType", TYPE);
            m.setHeader("warningId", String.valueOf(w.id()));
            m.setHeader("ruleId", w.ruleId());
            m.setHeader("_AMQ_DUPL_ID", "warning:" + w.id() + ":" + centre);
        });
        if (result.getException() != null) {
            throw result.getException();
        }
        warnings.notified(w.id(), GatewayTime.now(clock));
    }
}
