package org.fengqiao.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fengqiao.gateway.problem.FieldViolation;
import org.junit.jupiter.api.Test;

/**
 * Required text must hold a visible character, on every source's schema: shown here for the polled
 * police source (no HTTP answer to observe) and the hotline evaluation; the pushed sources are shown
 * end to end by the hostile corpus (whitespace-only entries).
 */
class VisibleTextTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void whitespaceOnlyRequiredTextIsNamedOnThePoliceSchema() throws Exception {
        PayloadSchema police = PayloadSchema.fromFile(java.nio.file.Path.of("config", "sources", "police-risk-item.json"),
                json);
        ObjectNode item = (ObjectNode) json.readTree("""
                {"jqbh": "JQ2026112900001", "jjsj": "2026-11-29T09:30:00+08:00", "afdz": "诸暨市枫桥镇枫源村",
                 "jyqk": "两户村民因宅基地界线发生争执。"}""");
        assertThat(police.validate(item)).isEmpty();

        item.put("jyqk", " \t\u3000\u200b\ufeff ");
        item.put("afdz", "\u00a0");
        List<FieldViolation> violations = police.validate(item);
        assertThat(violations).extracting(FieldViolation::field).containsExactlyInAnyOrder("jyqk", "afdz");
        assertThat(violations).extracting(FieldViolation::message).allMatch(m -> m.contains("visible character"));
    }

    @Test
    void optionalTextMayBeBlankAndAnEmptyRequiredTextKeepsItsOwnMessage() throws Exception {
        PayloadSchema hotline = PayloadSchema.fromFile(java.nio.file.Path.of("config", "sources", "hotline-work-order.json"), json);
        ObjectNode order = (ObjectNode) json.readTree("""
                {"gdbh": "GD1", "ldsj": "2026-11-29 09:15:00", "sqlx": "投诉", "sqnr": "噪音扰民",
                 "fsdz": "诸暨市店口镇解放路18号", "sqbt": "   ", "sqr": {"xm": "  "}}""");
        assertThat(hotline.validate(order)).as("sqbt and sqr.xm are optional").isEmpty();

        order.put("sqnr", "");
        assertThat(hotline.validate(order))
                .extracting(FieldViolation::field, FieldViolation::message)
                .containsExactly(tuple("sqnr", "must not be empty"));
    }

    @Test
    void visibleMeansMoreThanWhiteSpaceAndInvisibleMarks() {
        assertThat(PayloadSchema.hasVisibleCharacter("   ")).isFalse();
        assertThat(PayloadSchema.hasVisibleCharacter("\u3000\u3000")).isFalse();
        assertThat(PayloadSchema.hasVisibleCharacter("\u200b\u200d\u2060\ufeff")).isFalse();
        assertThat(PayloadSchema.hasVisibleCharacter("\u3164")).isFalse();
        assertThat(PayloadSchema.hasVisibleCharacter(" 诉 ")).isTrue();
        assertThat(PayloadSchema.hasVisibleCharacter("\uD83D\uDE00")).isTrue(); // an emoji
        assertThat(PayloadSchema.hasVisibleCharacter(".")).isTrue();
    }
}
