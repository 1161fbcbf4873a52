package org.fengqiao.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

/** The inbox's deadline colours: green with more than half the time left, yellow with less, red overdue. */
class DeadlineColourTest {

    static final OffsetDateTime HANDED_OVER = OffsetDateTime.parse("2026-12-01T09:00:00+08:00");
    static final OffsetDateTime DUE = HANDED_OVER.plusDays(10);

    @Test
    void colourFollowsTheShareOfTimeLeft() {
        assertThat(Worklist.Deadline.of(HANDED_OVER, DUE, HANDED_OVER.plusDays(4)))
                .isEqualTo(new Worklist.Deadline("green", "剩余 6 天 0 小时"));
        assertThat(Worklist.Deadline.of(HANDED_OVER, DUE, HANDED_OVER.plusDays(5)).colour()).isEqualTo("yellow");
        assertThat(Worklist.Deadline.of(HANDED_OVER, DUE, DUE.minusHours(3)))
                .isEqualTo(new Worklist.Deadline("yellow", "剩余 3 小时"));
        assertThat(Worklist.Deadline.of(HANDED_OVER, DUE, DUE.plusDays(1).plusHours(2)))
                .isEqualTo(new Worklist.Deadline("red", "已超期 1 天 2 小时"));
        assertThat(Worklist.Deadline.of(HANDED_OVER, null, DUE).colour()).isEqualTo("none");
    }
}
