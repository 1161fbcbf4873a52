package org.fengqiao.gateway.backfill;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.jurisdiction.Division;
import org.fengqiao.gateway.jurisdiction.Gazetteer;

/**
 * Writes a historical export of any size for one source, in the source's own format
 * (docs/backfill.md): a year of records spread over the townships of a county (the gazetteer's
 * real names), each with its history. Most are closed (received, signed, resolved with an outcome,
 * evaluated where the source evaluates); of the open ones, half were received in the last two days
 * and are not yet due, half months ago and are long past their deadline. Every party has an ID
 * number of its own, so no two records are the same matter. The same source, size and seed give the
 * same records (the times relative to when it runs).
 *
 * <p>{@code generate-history SOURCE RECORDS FILE [--seed N] [--open SHARE] [--county CODE]}
 */
public final class ExportGenerator {

    public static final String NAME = "generate-history";
    public static final List<String> SOURCES = List.of("HOTLINE_12345", "PETITION", "COURT_MEDIATION",
            "POLICE_RISK", "GRID_WORKER");

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final String[] ROADS = {"解放路", "人民路", "建设路", "中山路", "新华路", "文化路", "环城路"};
    /** (hotline 分类名称, petition 内容分类, police 警情类别, grid 事件类型, court 案由, summary). */
    private static final String[][] MATTERS = {
        {"邻里纠纷", "邻里纠纷", "200200", "邻里纠纷", "相邻关系纠纷", "邻居装修噪音扰民，多次沟通无果，请求协调处理。"},
        {"婚姻家庭", "婚姻家庭", "200600", "婚姻家庭纠纷", "离婚纠纷", "夫妻因家庭琐事多次争吵，一方要求调解财产分割。"},
        {"物业纠纷", "城乡建设", "200200", "物业纠纷", "物业服务合同纠纷", "小区物业公司擅自提高收费标准，业主多次与物业争执。"},
        {"山林土地", "山林土地", "200200", "山林土地纠纷", "相邻关系纠纷", "两村之间山林地界多年不清，双方村民多次发生争执。"},
        {"消费维权", "商贸旅游", "200200", "合同纠纷", "买卖合同纠纷", "购买的家电多次维修仍无法使用，商家拒绝退换。"}};
    private static final String[] OUTCOMES = {"MEDIATED", "MEDIATED", "MEDIATED", "FAILED", "WITHDRAWN"};
    private static final String[] RESULTS = {"经调解双方达成协议，已履行完毕。", "双方分歧较大，调解未成功，已引导通过诉讼解决。",
            "申请人撤回申请。"};

    private final String source;
    private final List<Division> townships;
    private final String countyName;
    private final ObjectMapper json = new ObjectMapper();

    public ExportGenerator(Gazetteer gazetteer, String source, String countyCode) {
        if (!SOURCES.contains(source)) {
            throw new IllegalArgumentException("no generator for " + source + "; there is one for " + SOURCES);
        }
        this.source = source;
        this.townships = gazetteer.townshipsOf(countyCode);
        if (townships.isEmpty()) {
            throw new IllegalArgumentException("no township of the gazetteer lies in " + countyCode);
        }
        this.countyName = gazetteer.county(countyCode).orElseThrow().name();
    }

    public static int command(String[] args, PrintStream out, PrintStream err) {
        List<String> plain = new ArrayList<>();
        long seed = 30;
        double open = 0.1;
        String county = "330681";
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--open" -> open = Double.parseDouble(args[++i]);
                    case "--county" -> county = args[++i];
                    default -> plain.add(args[i]);
                }
            }
        } catch (RuntimeException e) {
            plain.clear();
        }
        if (plain.size() != 3) {
            err.println("usage: java -jar quarkus-run.jar " + NAME + " SOURCE RECORDS FILE [--seed N] [--open SHARE]"
                    + " [--county CODE]");
            err.println("  SOURCE: one of " + SOURCES + "; SHARE: of the records still open (default 0.1)");
            return 2;
        }
        try {
            long records = Long.parseLong(plain.get(1).replace("_", ""));
            long started = System.nanoTime();
            new ExportGenerator(Gazetteer.loadDefault(), plain.get(0).toUpperCase(Locale.ROOT), county)
                    .write(Path.of(plain.get(2)), records, seed, open);
            out.printf(Locale.ROOT, "%,d historical records of %s written in %.1f s%n", records, plain.get(0),
                    (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println(NAME + ": " + e.getMessage());
            return 1;
        }
    }

    /** Writes {@code records} records; {@code openShare} of them still open. */
    public void write(Path file, long records, long seed, double openShare) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(w, records, seed, openShare);
        }
    }

    void write(Writer w, long records, long seed, double openShare) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        OffsetDateTime now = GatewayTime.inZone(OffsetDateTime.now()).withNano(0);
        boolean xml = source.equals("PETITION");
        if (xml) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Records>\n");
        }
        for (long i = 0; i < records; i++) {
            Division township = townships.get((int) (i % townships.size()));
            String[] matter = MATTERS[random.nextInt(MATTERS.length)];
            String address = countyName + township.name() + ROADS[random.nextInt(ROADS.length)]
                    + (1 + random.nextInt(300)) + "号";
            String recordId = recordId(seed, i);
            Map<String, String> history = new LinkedHashMap<>();
            OffsetDateTime received;
            OffsetDateTime due = null;
            double kind = random.nextDouble();
            if (kind >= openShare) {
                received = now.minusDays(30 + random.nextInt(335)).minusMinutes(random.nextInt(24 * 60));
                OffsetDateTime signed = received.plusHours(1 + random.nextInt(20));
                OffsetDateTime closed = received.plusDays(2 + random.nextInt(24)).plusMinutes(random.nextInt(600));
                history.put("receivedAt", received.format(LOCAL));
                history.put("handlerId", township.code());
                history.put("signedAt", signed.format(LOCAL));
                history.put("closedAt", closed.format(LOCAL));
                int outcome = random.nextInt(OUTCOMES.length);
                history.put("outcome", OUTCOMES[outcome]);
                history.put("result", RESULTS[Math.max(0, outcome - 2)]);
                if (source.equals("HOTLINE_12345")) {
                    int e = random.nextInt(10);
                    history.put("evaluation", e < 7 ? "SATISFIED" : e < 9 ? "BASICALLY_SATISFIED" : "DISSATISFIED");
                    history.put("evaluatedAt", closed.plusDays(1 + random.nextInt(3)).format(LOCAL));
                }
                due = received.plusDays(30);
            } else if (kind < openShare / 2) {
                received = now.minusHours(1 + random.nextInt(47));
                history.put("receivedAt", received.format(LOCAL));
                history.put("handlerId", township.code());
                due = received.plusDays(20 + random.nextInt(20));
            } else {
                received = now.minusDays(60 + random.nextInt(140));
                history.put("receivedAt", received.format(LOCAL));
                history.put("handlerId", township.code());
                due = received.plusDays(15);
            }
            OffsetDateTime reported = received.minusMinutes(1 + random.nextInt(30)).minusSeconds(random.nextInt(60));
            long person = Math.abs(seed * 1_000_003L + i);
            if (xml) {
                w.write(petition(recordId, reported, due, address, matter, person, random, history));
            } else {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("record", record(recordId, reported, due, address, matter, person, random));
                line.put("history", history);
                w.write(json.writeValueAsString(line));
                w.write('\n');
            }
        }
        if (xml) {
            w.write("</Records>\n");
        }
    }

    /** A record id no other seed gives: tests of one gateway import files of their own. */
    public String recordId(long seed, long i) {
        String prefix = switch (source) {
            case "HOTLINE_12345" -> "GDH";
            case "PETITION" -> "XFH";
            case "COURT_MEDIATION" -> "(2025)浙0681民诉前调H";
            case "POLICE_RISK" -> "JQH";
            default -> "WGH";
        };
        return prefix + seed + "-" + i + (source.equals("COURT_MEDIATION") ? "号" : "");
    }

    private Map<String, Object> record(String recordId, OffsetDateTime reported, OffsetDateTime due, String address,
            String[] matter, long person, SplittableRandom random) {
        Map<String, Object> r = new LinkedHashMap<>();
        switch (source) {
            case "HOTLINE_12345" -> {
                r.put("gdbh", recordId);
                r.put("ldsj", reported.format(LOCAL));
                r.put("sqlx", random.nextBoolean() ? "投诉" : "求助");
                r.put("sqbt", matter[5].substring(0, 12));
                r.put("sqnr", matter[5]);
                r.put("fsdz", address);
                r.put("flmc", matter[0]);
                r.put("jjcd", "一般");
                r.put("blsx", due.format(LOCAL));
                r.put("sqr", Map.of("xm", "来电人" + person % 1000, "sfzh", idNumber(person), "lxdh", phone(person)));
            }
            case "COURT_MEDIATION" -> {
                r.put("caseNo", recordId);
                r.put("court", Map.of("code", "330681", "name", "诸暨市人民法院"));
                r.put("filedAt", reported.format(OFFSET));
                r.put("causeOfAction", matter[4]);
                r.put("claims", "请求依法调解，" + matter[5]);
                r.put("amount", 1000 + random.nextInt(200_000));
                r.put("plaintiffs", List.of(Map.of("name", "原告" + person % 1000, "idNumber", idNumber(person),
                        "phone", phone(person), "address", address)));
                r.put("defendants", List.of(Map.of("name", "被告" + person % 1000, "address", address)));
                r.put("mediationDeadline", due.toLocalDate().toString());
            }
            case "POLICE_RISK" -> {
                r.put("jqbh", recordId);
                r.put("jjsj", reported.format(OFFSET));
                r.put("pcs", Map.of("dm", "330681520000", "mc", "诸暨市公安局城西派出所"));
                r.put("afdz", address);
                r.put("jqlb", matter[2]);
                r.put("jyqk", matter[5]);
                r.put("czqk", "民警到场劝解，移交属地调解。");
                r.put("fxdj", "黄");
                r.put("sfqt", false);
                r.put("dsr", List.of(Map.of("xm", "报警人" + person % 1000, "sfzh", idNumber(person),
                        "lxdh", phone(person), "js", "报警人")));
            }
            default -> {
                r.put("sbbh", recordId);
                r.put("sbsj", reported.format(LOCAL));
                r.put("wgy", Map.of("xm", "网格员" + person % 100, "dh", phone(person + 7)));
                r.put("sjlx", matter[3]);
                r.put("sjms", matter[5]);
                r.put("sfdd", address);
                r.put("clqx", due.toLocalDate().toString());
                r.put("sjry", List.of(Map.of("xm", "反映人" + person % 1000, "sf", "反映人")));
            }
        }
        return r;
    }

    private static String petition(String recordId, OffsetDateTime reported, OffsetDateTime due, String address,
            String[] matter, long person, SplittableRandom random, Map<String, String> history) {
        StringBuilder x = new StringBuilder(1024).append("<Record><History");
        history.forEach((k, v) -> x.append(' ').append(k).append("=\"").append(escape(v)).append('"'));
        x.append("/><XfItem><Xfjbh>").append(recordId).append("</Xfjbh>")
                .append("<Xfxs>").append(new String[] {"来信", "来访", "网上", "电话"}[random.nextInt(4)]).append("</Xfxs>")
                .append("<Djsj>").append(reported.format(OFFSET)).append("</Djsj>")
                .append("<Xfrs><Xfr><Xm>信访人").append(person % 1000).append("</Xm><Zjhm>").append(idNumber(person))
                .append("</Zjhm><Lxdh>").append(phone(person)).append("</Lxdh><Zz>").append(escape(address))
                .append("</Zz></Xfr></Xfrs><Rs>1</Rs>")
                .append("<Wtsd>").append(escape(address)).append("</Wtsd>")
                .append("<Nrfl>").append(matter[1]).append("</Nrfl>")
                .append("<Zynr>").append(escape(matter[5])).append("</Zynr>")
                .append("<Blqx>").append(due.toLocalDate()).append("</Blqx>")
                .append("</XfItem></Record>\n");
        return x.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A resident ID number of the county (GB 11643) with a valid check character, one per person. */
    static String idNumber(long person) {
        LocalDateTime born = LocalDateTime.of(1950, 1, 1, 0, 0).plusDays(Math.floorMod(person * 7919, 20_000));
        String body = "330681" + born.format(DateTimeFormatter.BASIC_ISO_DATE)
                + String.format(Locale.ROOT, "%03d", Math.floorMod(person, 1000));
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * weights[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    private static String phone(long person) {
        return "139" + String.format(Locale.ROOT, "%08d", Math.floorMod(person * 2_654_435_761L, 100_000_000L));
    }
}
