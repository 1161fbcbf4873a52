package org.fengqiao.gateway.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The definitions' table read into one definition a figure, every cell of it, none cut at a separator. */
class DefinitionsTest {

    @Test
    void everyFigureHasItsFiveCellsOnce() {
        assertThat(Definitions.ALL).extracting(Definition::figure).containsExactly("received", "dispatched", "signed",
                "signedOnTimeRate", "resolved", "resolvedOnTimeRate", "mediationSuccessRate", "returnRate", "extended",
                "overdueNow", "escalated", "reopened", "satisfactionRate", "averageHandlingHours", "p90HandlingHours",
                "preLitigationResolutionRate", "petitionItems", "repeatPetitions", "disputesPer10k");
        assertThat(Definitions.ALL).allSatisfy(d -> assertThat(new String[] { d.nameZh(), d.numerator(),
                d.denominator(), d.counted() }).allSatisfy(cell -> assertThat(cell).isNotBlank().doesNotContain("|")));
        assertThat(Definitions.ALL.get(0)).isEqualTo(new Definition("received", "受理数",
                "所选地区、所选日期内接收（按接收日期，北京时间）的纠纷件数", "—", "台账中记录的每一件纠纷（含已合并、不予受理的）"));
        assertThat(Definitions.ALL.get(Definitions.ALL.size() - 1)).isEqualTo(new Definition("disputesPer10k", "万人纠纷数",
                "所选月份接收的纠纷件数 × 10000", "所在县（市、区）常住人口",
                "人口由 gateway.statistics.population 配置；市为所辖县（市、区）之和；未配置时不计算"));
    }
}
