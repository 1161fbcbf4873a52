package org.fengqiao.gateway.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Petition items (信访件) for tests, as the platform pushes them: a valid one, varied element by
 * element. Every petitioner gets a fresh ID number, so items from different tests are never taken
 * for the same matter (the ledger is shared, and a shared ID number links disputes).
 */
public final class PetitionItems {

    private final Map<String, String> elements = new LinkedHashMap<>();
    private List<Map<String, String>> petitioners = new ArrayList<>();

    private PetitionItems() {
    }

    public static String newXfjbh() {
        return "XF" + UUID.randomUUID().toString().replace("-", "").substring(0, 18).toUpperCase();
    }

    /** A random Zhuji resident ID number with a valid check character. */
    public static String newIdNumber() {
        return IdNumbers.random();
    }

    /** A forest-boundary petition from one visitor, in 诸暨市枫桥镇, with a deadline. */
    public static PetitionItems valid(String xfjbh) {
        PetitionItems item = new PetitionItems();
        item.set("Xfjbh", xfjbh)
                .set("Xfxs", "来访")
                .set("Djsj", "2026-11-29T09:30:00+08:00")
                .set("Rs", "1")
                .set("Wtsd", "浙江省绍兴市诸暨市枫桥镇枫源村")
                .set("Nrfl", "山林土地")
                .set("Zynr", "反映本村与邻村之间的山林地界多年不清，双方村民多次发生争执，请求政府组织勘界确权。")
                .set("Sqqq", "请求依法确定山林地界，制止对方砍伐")
                .set("Blqx", "2027-01-28");
        item.petitioner("测试甲", newIdNumber(), "13900002222", "诸暨市枫桥镇枫源村12号");
        return item;
    }

    public PetitionItems set(String element, String text) {
        elements.put(element, text);
        return this;
    }

    public PetitionItems without(String... names) {
        for (String name : names) {
            elements.remove(name);
            if ("Xfrs".equals(name)) {
                petitioners = null;
            }
        }
        return this;
    }

    public PetitionItems petitioner(String xm, String zjhm, String lxdh, String zz) {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "Xm", xm);
        put(p, "Zjhm", zjhm);
        put(p, "Lxdh", lxdh);
        put(p, "Zz", zz);
        return petitioner(p);
    }

    public PetitionItems petitioner(Map<String, String> elementsOfPetitioner) {
        if (petitioners == null) {
            petitioners = new ArrayList<>();
        }
        petitioners.add(elementsOfPetitioner);
        return this;
    }

    public PetitionItems noPetitioners() {
        petitioners = new ArrayList<>();
        return this;
    }

    public String xfjbh() {
        return elements.get("Xfjbh");
    }

    public List<Map<String, String>> petitioners() {
        return petitioners;
    }

    public String xml() {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XfItem>\n");
        elements.forEach((name, text) -> element(out, "  ", name, text));
        if (petitioners != null) {
            out.append("  <Xfrs>\n");
            for (Map<String, String> p : petitioners) {
                out.append("    <Xfr>");
                p.forEach((name, text) -> element(out, "", name, text));
                out.append("</Xfr>\n");
            }
            out.append("  </Xfrs>\n");
        }
        return out.append("</XfItem>\n").toString();
    }

    private static void element(StringBuilder out, String indent, String name, String text) {
        out.append(indent).append('<').append(name).append('>').append(escape(text)).append("</").append(name)
                .append('>');
        if (!indent.isEmpty()) {
            out.append('\n');
        }
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
