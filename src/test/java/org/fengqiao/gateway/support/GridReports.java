package org.fengqiao.gateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Grid worker reports (the source defined in config/sources/GRID_WORKER.yaml) for tests. */
public final class GridReports {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GridReports() {
    }

    public static String newSbbh() {
        return "WG330681109" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    /** A neighbour dispute in 枫桥镇陈家社区, reported by its grid worker, with two people involved. */
    public static Map<String, Object> valid(String sbbh) {
        Map<String, Object> report = new TreeMap<>();
        report.put("sbbh", sbbh);
        report.put("sbsj", "2026-11-29 08:40:00");
        report.put("wgy", Map.of("xm", "测试网格员", "dh", "13900006666", "wgbh", "330681109004-03"));
        report.put("wgmc", "枫桥镇陈家社区第3网格");
        report.put("sjlx", "邻里纠纷");
        report.put("sjbt", "两户因排水沟堵塞发生争执");
        report.put("sjms", "陈家社区两户村民因屋后排水沟被堵，雨天积水倒灌，多次争吵，网格员现场劝解后仍未达成一致。");
        report.put("dsrsq", "请求疏通排水沟并赔偿损失。");
        report.put("czqk", "网格员已现场劝解，双方情绪稳定。");
        report.put("sfdd", "诸暨市枫桥镇陈家社区");
        report.put("sqbm", "330681109004");
        report.put("sjrs", 2);
        report.put("jjcd", "一般");
        report.put("fxdj", "中");
        report.put("sqlx", "求助");
        report.put("clqx", "2026-12-05");
        report.put("sjry", new ArrayList<>(List.of(
                person("测试村民甲", IdNumbers.random(), "13900007777", "反映人"),
                person("测试村民乙", IdNumbers.random(), null, "对方当事人"))));
        report.put("extra", "unknown fields are ignored");
        return report;
    }

    public static Map<String, Object> person(String name, String idNumber, String phone, String role) {
        Map<String, Object> person = new TreeMap<>();
        person.put("xm", name);
        if (idNumber != null) {
            person.put("sfzh", idNumber);
        }
        if (phone != null) {
            person.put("lxdh", phone);
        }
        if (role != null) {
            person.put("sf", role);
        }
        person.put("zz", "诸暨市枫桥镇陈家社区");
        return person;
    }

    public static String json(Map<String, Object> report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
