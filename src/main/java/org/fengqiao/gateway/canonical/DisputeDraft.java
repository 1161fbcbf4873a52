package org.fengqiao.gateway.canonical;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a source adapter hands to the shared stages: the facts of the case in canonical terms,
 * before jurisdiction, category and assignment are decided. Source adapters build this and nothing
 * else; everything after it knows no source.
 *
 * @param sourceCategoryCode the source's own category code, if it has codes
 * @param sourceCategoryName the source's own category name (e.g. the hotline's 分类名称)
 * @param countyHint a 6-digit county code given by the source, if any
 * @param claims what the applicant asks for (诉求请求 / 诉讼请求), if the source says
 * @param sourceDueAt a deadline set by the source itself, if any
 */
public record DisputeDraft(
        CanonicalDispute.Source source,
        String sourceCategoryCode,
        String sourceCategoryName,
        AppealType appealType,
        String title,
        String description,
        String claims,
        OffsetDateTime occurredAt,
        Urgency urgency,
        Integer personCount,
        BigDecimal amount,
        String address,
        String standardAddressCode,
        String countyHint,
        List<CanonicalDispute.Party> parties,
        String priorHandling,
        OffsetDateTime sourceDueAt,
        RiskLevel riskLevel,
        List<String> riskFlags) {
}
