package org.fengqiao.gateway.statistics;

import java.util.ArrayList;
import java.util.List;

/**
 * What every figure counts, in the words the page and the API documentation show. Every count is of
 * disputes received in the chosen dates (by received date, Beijing time) in the area, each counted
 * once however often the event happened to it. {@link Facts} applies these to each dispute.
 */
final class Definitions {

    private Definitions() {
    }

    /**
     * The upper bounds, in hours, of the buckets the handling times are counted in for the p90: a time
     * {@code t} is in the first bucket whose bound is at least {@code t}; a time above the last bound is
     * in an open bucket of its own, reported as the last bound. Hourly steps would need thousands of
     * buckets; these resolve a day up to 30 days (the hotline's and the court's deadlines are 15 and 30
     * days), hours below a day, and weeks to years beyond. The monthly summary keeps one count per
     * bucket (V19's {@code hours_le_*} columns, in this order), so changing them needs a migration.
     */
    static final int[] HANDLING_HOURS_BOUNDS = handlingHoursBounds();

    private static int[] handlingHoursBounds() {
        List<Integer> bounds = new ArrayList<>(List.of(1, 2, 4, 8, 12, 24));
        for (int day = 2; day <= 30; day++) {
            bounds.add(day * 24);
        }
        for (int day : new int[] { 35, 40, 45, 50, 60, 75, 90, 120, 180, 270, 365, 730, 1825, 3650 }) {
            bounds.add(day * 24);
        }
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * One figure a line, its cells between {@code " | "}: the figure, its Chinese name, the numerator,
     * the denominator ({@code —} for a count) and what is counted or not.
     */
    private static final String TABLE = """
            received | 受理数 | 所选地区、所选日期内接收（按接收日期，北京时间）的纠纷件数 | — | 台账中记录的每一件纠纷（含已合并、不予受理的）
            dispatched | 交办数 | 已交办到处置单位队列的纠纷件数 | — | 时间线中有“交办”记录的纠纷，交办多次的只计一次
            signed | 签收数 | 已签收的纠纷件数 | — | 时间线中有“签收”记录的纠纷
            signedOnTimeRate | 按时签收率 | 首次签收在签收时限之内（含时限当时）的纠纷件数 | 签收数 | 签收时限为首次签收时所签交办的签收时限（签收时限按来源和紧急程度计，不超过办结时限）
            resolved | 办结数 | 已办结的纠纷件数 | — | 时间线中有“办结”记录且其后没有因不满意被退回重办的纠纷（退回重办后再次办结的仍计入）
            resolvedOnTimeRate | 按期办结率 | 办结时间不晚于办结时限的纠纷件数 | 办结数 | 办结时限为纠纷当前的办结时限：含批准的延期；退回重办的，为重办的时限；以最后一次办结为准
            mediationSuccessRate | 调解成功率（化解率） | 办结结果为“调解成功”的纠纷件数 | 办结结果为“调解成功”或“调解未成功”的纠纷件数 | 申请人撤回的不计入分子和分母
            returnRate | 退单率 | 被退单至少一次的纠纷件数 | 交办数 | 退单多次的只计一次
            extended | 延期数 | 延期申请获批准至少一次的纠纷件数 | — | 申请未批准的不计
            overdueNow | 当前超期数 | 查询时仍在办理中且已过办结时限的纠纷件数 | — | 办理中的状态：已接收、待签收、已签收、办理中、转派中、已提级、退回重办；实时读取台账，不随统计进度滞后
            escalated | 提级专班数 | 被提级到县级矛盾纠纷化解联合专班至少一次的纠纷件数 | — | 时间线中有“提级”记录的纠纷
            reopened | 不满意重办数 | 因来源回访不满意被退回重办至少一次的纠纷件数 | — | 时间线中有“退回重办”记录的纠纷
            satisfactionRate | 满意率 | 最近一次评价为满意或基本满意的纠纷件数 | 有来源评价的纠纷件数 | 以每件纠纷最近一次评价为准；不满意的评价即退回重办
            averageHandlingHours | 平均办理时长（小时） | 已办结纠纷自接收到最后一次办结的小时数之和 | 办结数 | 未办结的不计
            p90HandlingHours | 办理时长90分位（小时） | 已办结纠纷自接收到最后一次办结的小时数按时长分段计数，取使至少90%的已办结纠纷落在其内（含）的最小分段上限 | 办结数 | 分段上限（小时）：1、2、4、8、12、24，此后每24小时一段至720（30天），再为840、960、1080、1200、1440、1800、2160、2880、4320、6480、8760、17520、43800、87600；超过87600的按87600计。所报数值不小于真实的第90百分位，至多大一个分段；未办结的不计
            preLitigationResolutionRate | 诉前化解率 | 法院诉前调解来源中办结结果为“调解成功”的纠纷件数 | 法院诉前调解来源中已办结的纠纷件数 | 来源由 gateway.statistics.court-source 指定；撤回、调解未成功计入分母
            petitionItems | 信访件数 | 所选月份接收的信访来源纠纷件数 | — | 来源由 gateway.statistics.petition-source 指定
            repeatPetitions | 重复信访件数 | 所选月份接收的信访件中，有当事人（按身份证号的密钥散列）此前已有信访件的件数 | — | 此前的信访件不限地区和时间
            disputesPer10k | 万人纠纷数 | 所选月份接收的纠纷件数 × 10000 | 所在县（市、区）常住人口 | 人口由 gateway.statistics.population 配置；市为所辖县（市、区）之和；未配置时不计算
            """;

    static final List<Definition> ALL = TABLE.lines().map(Definitions::definition).toList();

    private static Definition definition(String line) {
        String[] cells = line.split(" \\| ", -1);
        if (cells.length != 5) {
            throw new IllegalStateException("A definition has five cells: " + line);
        }
        return new Definition(cells[0], cells[1], cells[2], cells[3], cells[4]);
    }
}
