package org.fengqiao.gateway.support;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Hotline work orders for tests: a valid one, varied field by field. */
public final class WorkOrders {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkOrders() {
    }

    public static String newGdbh() {
        return "GD" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    }

    public static Map<String, Object> valid(String gdbh) {
        Map<String, Object> order = new TreeMap<>();
        order.put("gdbh", gdbh);
        order.put("ldsj", "2026-11-29 09:15:00");
        order.put("sqlx", "投诉");
        order.put("sqbt", "邻居装修噪音扰民");
        order.put("sqnr", "诸暨市店口镇某小区邻居连续一周夜间装修，多次沟通无果，请求协调。");
        order.put("fsdz", "浙江省绍兴市诸暨市店口镇解放路18号");
        order.put("xzqh", "330681");
        order.put("flmc", "邻里纠纷");
        order.put("jjcd", "一般");
        order.put("sqr", Map.of("xm", "测试甲", "sfzh", "330681199001011237", "lxdh", "13900001111"));
        order.put("dfr", java.util.List.of(Map.of("xm", "测试乙", "dz", "店口镇解放路20号")));
        return order;
    }

    public static String json(Map<String, Object> order) {
        try {
            return JSON.writeValueAsString(order);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
