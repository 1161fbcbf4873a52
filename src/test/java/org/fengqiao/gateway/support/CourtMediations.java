package org.fengqiao.gateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Court pre-litigation mediations for tests: a valid one, varied field by field. */
public final class CourtMediations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CourtMediations() {
    }

    public static String newCaseNo() {
        return "(2026)浙0681民诉前调" + ThreadLocalRandom.current().nextLong(1_000_000L, 10_000_000_000L) + "号";
    }

    /**
     * A 民间借贷纠纷 entrusted by 诸暨市人民法院: plaintiff in 暨阳街道, defendant in 店口镇, each with a
     * fresh ID number.
     */
    public static Map<String, Object> valid(String caseNo) {
        Map<String, Object> mediation = new TreeMap<>();
        mediation.put("caseNo", caseNo);
        mediation.put("court", Map.of("code", "330681", "name", "诸暨市人民法院"));
        mediation.put("filedAt", "2026-11-29T09:30:00+08:00");
        mediation.put("causeOfAction", "民间借贷纠纷");
        mediation.put("claims", "判令被告归还借款本金50000元及逾期利息，诉讼费由被告承担。");
        mediation.put("amount", 52345.67);
        mediation.put("plaintiffs", new ArrayList<>(List.of(
                person("测试原告", IdNumbers.random(), "13900002222", "诸暨市暨阳街道艮塔西路8号"))));
        mediation.put("defendants", new ArrayList<>(List.of(
                person("测试被告", IdNumbers.random(), "13900003333", "诸暨市店口镇解放路88号"))));
        mediation.put("mediationDeadline", "2026-12-20");
        mediation.put("extra", "unknown fields are ignored");
        return mediation;
    }

    public static Map<String, Object> person(String name, String idNumber, String phone, String address) {
        Map<String, Object> person = new TreeMap<>();
        person.put("name", name);
        if (idNumber != null) {
            person.put("idNumber", idNumber);
        }
        if (phone != null) {
            person.put("phone", phone);
        }
        if (address != null) {
            person.put("address", address);
        }
        return person;
    }

    public static String json(Map<String, Object> mediation) {
        try {
            return JSON.writeValueAsString(mediation);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
