package org.fengqiao.bench;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Realistic cases for the four sources, as each one sends them (docs/contracts.md): hotline work
 * orders (JSON), petition items (XML), court mediations (JSON) and police items (JSON, served to
 * the poller). Addresses spread over Zhuji's townships and villages; categories include the ones
 * that go to specialised bodies (labour, traffic, medical); every party has a fresh ID number, so
 * cases are not linked as the same matter, unless {@link #returningParties} says some come back.
 * Pushed requests are signed as the sources sign them.
 */
final class Payloads {

    static final String COUNTY = "330681";

    /** Township addresses of 诸暨市, each with a street or village, as citizens give them. */
    static final List<String> ADDRESSES = List.of(
            "诸暨市店口镇解放路18号", "浙江省绍兴市诸暨市枫桥镇枫源村", "诸暨市暨阳街道艮塔西路8号",
            "诸暨市浣东街道东二村5组", "诸暨市陶朱街道望云路66号", "诸暨市大唐街道开元东路9号",
            "诸暨市山下湖镇珍珠大道128号", "诸暨市牌头镇牌头村", "诸暨市次坞镇次坞村12号",
            "诸暨市姚江镇姚江村", "诸暨市璜山镇璜山村3号", "诸暨市安华镇安华村东街7号",
            "浙江省诸暨市暨南街道友谊路200号", "诸暨市五泄镇五泄村", "诸暨市应店街镇应店街村");

    /** (hotline 分类名称, petition 内容分类, police 警情类别) with a summary; some go to specialised bodies. */
    private static final List<String[]> MATTERS = List.of(
            new String[] { "邻里纠纷", "邻里纠纷", "200200", "邻居装修噪音扰民，多次沟通无果，请求协调处理。" },
            new String[] { "婚姻家庭", "婚姻家庭", "200600", "夫妻因家庭琐事多次争吵，一方要求调解离婚财产分割。" },
            new String[] { "劳动争议", "劳动社保", "600300", "某厂拖欠十二名工人三个月工资共计十八万元，多次讨要未果。" },
            new String[] { "交通事故", "交通事故", "300100", "两车在路口发生碰撞，双方对赔偿金额有争议，请求调解。" },
            new String[] { "物业纠纷", "城乡建设", "200200", "小区物业公司擅自提高收费标准，业主与物业多次发生争执。" },
            new String[] { "山林土地", "山林土地", "200200", "本村与邻村之间的山林地界多年不清，双方村民多次发生争执。" },
            new String[] { "医疗纠纷", "卫生健康", "200200", "患者在医院手术后出现并发症，家属对医院处置有异议。" });

    private static final String[] CAUSES = { "民间借贷纠纷", "相邻关系纠纷", "物业服务合同纠纷", "劳动争议",
            "机动车交通事故责任纠纷", "离婚纠纷", "买卖合同纠纷" };

    private static final DateTimeFormatter HOTLINE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** People who come back (see {@link #returningParties}); none: every party is new. */
    private static volatile Returning returning = new Returning(List.of(), 0);
    private static final ObjectMapper JSON = new ObjectMapper();

    enum PushedSource {
        HOTLINE("HOTLINE_12345", "dev-hotline-secret", "/api/v1/sources/hotline/work-orders", "application/json"),
        PETITION("PETITION", "dev-petition-secret", "/api/v1/sources/petition/items", "application/xml"),
        COURT("COURT_MEDIATION", "dev-court-secret", "/api/v1/sources/court/mediations", "application/json");

        final String system;
        final String secret;
        final String path;
        final String contentType;

        PushedSource(String system, String secret, String path, String contentType) {
            this.system = system;
            this.secret = secret;
            this.path = path;
            this.contentType = contentType;
        }
    }

    /** One pushed case, ready to sign and send. */
    record Case(PushedSource source, byte[] body) {
        Map<String, String> signedHeaders() {
            String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
            String nonce = UUID.randomUUID().toString();
            return Map.of("Content-Type", source.contentType, "X-Fq-Source", source.system,
                    "X-Fq-Timestamp", timestamp, "X-Fq-Nonce", nonce,
                    "X-Fq-Signature", sign(source.secret, timestamp, nonce, body));
        }
    }

    private Payloads() {
    }

    /** The next pushed case: hotline, petition and court in turn. */
    static Case nextPushed() {
        long n = SEQUENCE.incrementAndGet();
        PushedSource source = PushedSource.values()[(int) (n % 3)];
        return switch (source) {
            case HOTLINE -> new Case(source, hotline(n));
            case PETITION -> new Case(source, petition(n));
            case COURT -> new Case(source, court(n));
        };
    }

    static byte[] hotline(long n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String[] matter = pick(MATTERS);
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("gdbh", "GD" + runId() + n);
        order.put("ldsj", OffsetDateTime.now(CHINA).minusMinutes(random.nextInt(5, 120)).format(HOTLINE_TIME));
        order.put("sqlx", random.nextBoolean() ? "投诉" : "求助");
        order.put("sqbt", matter[3].substring(0, Math.min(12, matter[3].length())));
        order.put("sqnr", matter[3] + "来电人情绪激动，希望尽快有人上门处理。");
        order.put("fsdz", pick(ADDRESSES));
        order.put("xzqh", COUNTY);
        order.put("flmc", matter[0]);
        order.put("jjcd", random.nextInt(10) == 0 ? "紧急" : "一般");
        order.put("sqr", Map.of("xm", "来电人" + n % 1000, "sfzh", idNumber(), "lxdh", phone()));
        order.put("dfr", List.of(Map.of("xm", "对方" + n % 1000, "dz", pick(ADDRESSES))));
        return json(order);
    }

    static byte[] petition(long n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String[] matter = pick(MATTERS);
        String address = pick(ADDRESSES);
        StringBuilder xml = new StringBuilder(1024).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XfItem>")
                .append("<Xfjbh>XF").append(runId()).append(n).append("</Xfjbh>")
                .append("<Xfxs>").append(new String[] { "来信", "来访", "网上", "电话" }[random.nextInt(4)]).append("</Xfxs>")
                .append("<Djsj>").append(OffsetDateTime.now(CHINA).withNano(0).minusHours(random.nextInt(1, 48))).append("</Djsj>")
                .append("<Xfrs>");
        int people = random.nextInt(1, 3);
        for (int i = 0; i < people; i++) {
            xml.append("<Xfr><Xm>信访人").append(n % 1000).append(i).append("</Xm><Zjhm>").append(idNumber())
                    .append("</Zjhm><Lxdh>").append(phone()).append("</Lxdh><Zz>").append(address)
                    .append("</Zz></Xfr>");
        }
        xml.append("</Xfrs><Rs>").append(people).append("</Rs>")
                .append("<Wtsd>").append(address).append("</Wtsd>")
                .append("<Nrfl>").append(matter[1]).append("</Nrfl>")
                .append("<Zynr>").append(matter[3]).append("反映人多次到镇里反映，至今未解决。</Zynr>")
                .append("<Sqqq>请求有关部门依法处理</Sqqq>")
                .append("<Blqx>").append(OffsetDateTime.now(CHINA).plusDays(60).toLocalDate()).append("</Blqx>")
                .append("</XfItem>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] court(long n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Map<String, Object> mediation = new LinkedHashMap<>();
        mediation.put("caseNo", "(2026)浙0681民诉前调" + runId() + n + "号");
        mediation.put("court", Map.of("code", COUNTY, "name", "诸暨市人民法院"));
        mediation.put("filedAt", OffsetDateTime.now(CHINA).withNano(0).minusDays(1).toString());
        mediation.put("causeOfAction", CAUSES[random.nextInt(CAUSES.length)]);
        mediation.put("claims", "判令被告支付款项" + random.nextInt(5_000, 200_000) + "元及逾期利息，诉讼费由被告承担。");
        mediation.put("amount", random.nextInt(5_000, 200_000));
        mediation.put("plaintiffs", List.of(person("原告" + n % 1000, pick(ADDRESSES))));
        mediation.put("defendants", List.of(person("被告" + n % 1000, pick(ADDRESSES))));
        mediation.put("mediationDeadline", OffsetDateTime.now(CHINA).plusDays(30).toLocalDate().toString());
        return json(mediation);
    }

    /** A police item as the platform lists it (the poller takes these from the bench's platform). */
    static Map<String, Object> policeItem(long n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String[] matter = pick(MATTERS);
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("jqbh", "J" + runId() + n);
        item.put("jjsj", OffsetDateTime.now(CHINA).withNano(0).minusHours(random.nextInt(1, 24)).toString());
        item.put("pcs", Map.of("dm", "330681520000", "mc", "诸暨市公安局城西派出所"));
        item.put("afdz", pick(ADDRESSES));
        item.put("bzdzbm", "");
        item.put("jqlb", matter[2]);
        item.put("jyqk", matter[3]);
        item.put("czqk", "民警到场进行了劝解，双方情绪暂时稳定，但矛盾未化解，移交属地调解。");
        item.put("fxdj", new String[] { "红", "橙", "黄" }[random.nextInt(3)]);
        item.put("sfqt", random.nextInt(10) == 0);
        List<Map<String, Object>> parties = new ArrayList<>();
        parties.add(Map.of("xm", "报警人" + n % 1000, "sfzh", idNumber(), "lxdh", phone(), "js", "报警人"));
        parties.add(Map.of("xm", "当事人" + n % 1000, "sfzh", idNumber(), "lxdh", phone(), "js", "当事人"));
        item.put("dsr", parties);
        return item;
    }

    private static Map<String, Object> person(String name, String address) {
        return Map.of("name", name, "idNumber", idNumber(), "phone", phone(), "address", address);
    }

    /**
     * From now on, {@code share} of the parties are one of {@code people} people who come back, as
     * repeat petitioners do; the rest stay new. Their ID numbers are drawn here, once.
     */
    static void returningParties(int people, double share) {
        List<String> ids = new ArrayList<>(people);
        for (int i = 0; i < people; i++) {
            ids.add(newIdNumber());
        }
        returning = new Returning(List.copyOf(ids), share);
    }

    /** The ID numbers of the people who come back, and the share of parties who are one of them. */
    private record Returning(List<String> idNumbers, double share) {
    }

    /** A party's ID number: a returning person's, in the share {@link #returningParties} set, else a new one. */
    static String idNumber() {
        Returning people = returning;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (!people.idNumbers().isEmpty() && random.nextDouble() < people.share()) {
            return people.idNumbers().get(random.nextInt(people.idNumbers().size()));
        }
        return newIdNumber();
    }

    /** A Zhuji resident ID number (GB 11643) with a valid check character. */
    private static String newIdNumber() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String body = COUNTY + (1950 + random.nextInt(55)) + String.format("%02d%02d%03d", random.nextInt(1, 13),
                random.nextInt(1, 29), random.nextInt(1000));
        int[] weights = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * weights[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    private static String phone() {
        return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    static String sign(String secret, String timestamp, String nonce, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Record numbers differ between runs against the same data folder. */
    private static String runId() {
        return RUN_ID;
    }

    private static final String RUN_ID = Long.toString(System.currentTimeMillis() % 100_000_000L, 36).toUpperCase();

    private static <T> T pick(List<T> list) {
        return list.get(ThreadLocalRandom.current().nextInt(list.size()));
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
