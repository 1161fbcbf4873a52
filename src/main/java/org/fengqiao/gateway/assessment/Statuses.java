package org.fengqiao.gateway.assessment;

import java.util.Map;

import org.fengqiao.gateway.canonical.DisputeStatus;

/** Statuses in Chinese, in the console's words (the workbook is read beside the console's list). */
final class Statuses {

    private static final Map<DisputeStatus, String> NAMES = Map.ofEntries(
            Map.entry(DisputeStatus.RECEIVED, "已接收"),
            Map.entry(DisputeStatus.DISPATCHED, "待签收"),
            Map.entry(DisputeStatus.SIGNED, "已签收"),
            Map.entry(DisputeStatus.IN_PROGRESS, "办理中"),
            Map.entry(DisputeStatus.RESOLVED, "已办结"),
            Map.entry(DisputeStatus.FEEDBACK_SENT, "已反馈来源"),
            Map.entry(DisputeStatus.EVALUATED, "已评价"),
            Map.entry(DisputeStatus.CLOSED, "已结案"),
            Map.entry(DisputeStatus.RETURNED, "转派中"),
            Map.entry(DisputeStatus.ESCALATED, "已提级"),
            Map.entry(DisputeStatus.REOPENED, "退回重办"),
            Map.entry(DisputeStatus.MERGED, "已合并"),
            Map.entry(DisputeStatus.REJECTED, "不予受理"));

    private Statuses() {
    }

    static String name(DisputeStatus status) {
        return status == null ? "" : NAMES.getOrDefault(status, status.name());
    }
}
