package org.fengqiao.gateway.console;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.fengqiao.gateway.canonical.Category;
import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.canonical.PartyRole;
import org.fengqiao.gateway.canonical.RiskLevel;
import org.fengqiao.gateway.canonical.Urgency;
import org.fengqiao.gateway.ledger.RiskMark;

/**
 * What a person reads in the console for the codes the API keeps: statuses, categories, sources,
 * timeline entries, roles and risk in Chinese, times in Beijing time. A code without a name here is
 * shown as it is (a source added with files, a flag a category table invented), never dropped.
 */
final class Labels {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** Timeline entries (the ledger's history kinds, by name). */
    private static final Map<String, String> EVENT = Map.ofEntries(
            Map.entry("RECEIVED", "接收"),
            Map.entry("BACKFILLED", "历史归集"),
            Map.entry("DISPATCHED", "交办"),
            Map.entry("REMINDED", "临期提醒"),
            Map.entry("SUPERVISED", "督办"),
            Map.entry("ESCALATED", "提级"),
            Map.entry("FEEDBACK_SENT", "反馈来源"),
            Map.entry("EVALUATED", "评价"),
            Map.entry("REOPENED", "退回重办"),
            Map.entry("CLOSED", "结案"),
            Map.entry("SIGNED", "签收"),
            Map.entry("PROGRESS", "办理进展"),
            Map.entry("RESOLVED", "办结"),
            Map.entry("EXTENSION_REQUESTED", "申请延期"),
            Map.entry("EXTENSION_APPROVED", "批准延期"),
            Map.entry("EXTENSION_REFUSED", "不批准延期"),
            Map.entry("RETURNED", "退单"),
            Map.entry("REASSIGNED", "改派"),
            Map.entry("REJECTED", "不予受理"));

    private static final Map<String, String> FLAG = Map.of(
            "GROUP", "群体",
            "INVALID_ID_NUMBER", "身份证号存疑");

    private static final Map<PartyRole, String> PARTY_ROLE = Map.of(
            PartyRole.APPLICANT, "申请人",
            PartyRole.RESPONDENT, "被申请人",
            PartyRole.REPORTER, "反映人",
            PartyRole.PARTY, "当事人");

    /** How the address was resolved (jurisdiction.ResolutionMethod, by name). */
    private static final Map<String, String> RESOLUTION = Map.of(
            "STANDARD_ADDRESS", "标准地址",
            "STANDARD_ADDRESS_TEXT", "标准地址全称",
            "STANDARD_ADDRESS_CODE", "标准地址编码",
            "TOWNSHIP_NAME", "镇街名称",
            "VILLAGE_NAME", "村社名称",
            "COUNTY_ONLY", "仅到县（市、区）",
            "UNRESOLVED", "未能解析",
            "OUTSIDE_REGION", "本市以外");

    /**
     * The feedback calls the built-in sources' route files declare (their {@code kind}); a source added
     * with files may name others, shown as they are.
     */
    private static final Map<String, String> FEEDBACK = Map.of(
            "ACK", "接收确认",
            "ACCEPTANCE", "受理回告",
            "SIGN", "签收回告",
            "PROGRESS", "进展回告",
            "DISPOSAL", "处置回告",
            "DEADLINE", "期限变更回告",
            "RESULT", "办结结果回告",
            "RETURN", "退回");

    private static final Map<RiskLevel, String> RISK = Map.of(
            RiskLevel.LOW, "低", RiskLevel.MEDIUM, "中", RiskLevel.HIGH, "高（红色）");

    private Labels() {
    }

    static String status(DisputeStatus status) {
        return status == null ? "" : status.chineseName();
    }

    static String status(String code) {
        try {
            return code == null ? "" : status(DisputeStatus.valueOf(code));
        } catch (IllegalArgumentException e) {
            return code;
        }
    }

    static String event(String kind) {
        return kind == null ? "" : EVENT.getOrDefault(kind, kind);
    }

    static String category(String code) {
        try {
            return code == null ? "" : Category.valueOf(code).displayName();
        } catch (IllegalArgumentException e) {
            return code;
        }
    }

    /** How two disputes are linked; the gateway links only the same matter from two sources today. */
    static String relation(String relation) {
        return "SAME_MATTER".equals(relation) ? "同一事项（同一镇街、同一当事人）" : relation == null ? "" : relation;
    }

    static String feedback(String kind) {
        return kind == null ? "" : FEEDBACK.getOrDefault(kind, kind);
    }

    static String flag(String flag) {
        return FLAG.getOrDefault(flag, flag);
    }

    /** A risk mark as the 待办 and the centre's list show it. */
    static String mark(RiskMark mark) {
        return switch (mark) {
            case GROUP -> flag(RiskMark.GROUP.name());
            case HIGH -> "红色风险";
            case REPEAT -> "重复";
        };
    }

    static String partyRole(PartyRole role) {
        return role == null ? "" : PARTY_ROLE.getOrDefault(role, role.name());
    }

    static String resolution(String method) {
        return method == null ? "" : RESOLUTION.getOrDefault(method, method);
    }

    static String risk(RiskLevel level) {
        return level == null ? "" : RISK.get(level);
    }

    static String urgency(Urgency urgency) {
        return urgency == Urgency.URGENT ? "紧急" : "一般";
    }

    /** Beijing time, to the minute: what a clerk compares with the wall clock. */
    static String time(OffsetDateTime at) {
        return at == null ? "" : TIME.format(at.atZoneSameInstant(GatewayTime.ZONE));
    }

    /**
     * A refusal's text with the status codes in it named in Chinese: the service words its refusals
     * for the API, which keeps the codes.
     */
    static String refusal(String text) {
        String named = text;
        for (DisputeStatus status : DisputeStatus.values()) {
            named = named.replaceAll("\\b" + status.name() + "\\b", status.chineseName());
        }
        return named;
    }

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "image/jpeg", "JPEG 图片", "image/png", "PNG 图片", "application/pdf", "PDF 文档",
            "audio/mpeg", "MP3 录音", "audio/vnd.wave", "WAV 录音", "audio/amr", "AMR 录音", "video/mp4", "MP4 视频");

    /** A detected media type as a clerk calls it; the type itself where it has no name here. */
    static String contentType(String type) {
        return CONTENT_TYPES.getOrDefault(type, type);
    }

    /** A file's size in the unit that reads best. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " 字节";
        }
        if (bytes < 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
