package org.fengqiao.gateway.canonical;

/** Lifecycle of a dispute; extension (延期) and supervision (督办) are flags with history, not states. */
public enum DisputeStatus {
    RECEIVED("已接收"), DISPATCHED("待签收"), SIGNED("已签收"), IN_PROGRESS("办理中"), RESOLVED("已办结"),
    FEEDBACK_SENT("已反馈来源"), EVALUATED("已评价"), CLOSED("已结案"), RETURNED("转派中"), ESCALATED("已提级"),
    REOPENED("退回重办"), MERGED("已合并"), REJECTED("不予受理");

    private final String chineseName;

    DisputeStatus(String chineseName) {
        this.chineseName = chineseName;
    }

    /** The status as staff, sources and the public read it: one wording in the console, the workbook and the status lookup. */
    public String chineseName() {
        return chineseName;
    }
}
