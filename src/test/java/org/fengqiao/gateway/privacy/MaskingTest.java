package org.fengqiao.gateway.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void idNumbersKeepTheirFirstAndLastFour() {
        assertThat(Masking.idNumber("33068119900101123X")).isEqualTo("3306**********123X");
        assertThat(Masking.idNumber("330681900101123")).isEqualTo("3306*******1123");
        assertThat(Masking.idNumber("1234567")).isEqualTo("*******");
        assertThat(Masking.idNumber(null)).isNull();
    }

    @Test
    void phoneNumbersKeepTheirFirstThreeAndLastFour() {
        assertThat(Masking.phone("13912345678")).isEqualTo("139****5678");
        assertThat(Masking.phone("0575-87654321")).isEqualTo("057******4321");
        assertThat(Masking.phone("87654321")).isEqualTo("****4321");
        assertThat(Masking.phone("110")).isEqualTo("***");
        assertThat(Masking.phone(null)).isNull();
    }

    @Test
    void numbersInsideFreeTextAreMasked() {
        assertThat(Masking.text("申请人张三（身份证33068119900101123X，电话13912345678）称"))
                .isEqualTo("申请人张三（身份证3306**********123X，电话139****5678）称");
        assertThat(Masking.text("id 33068119900101123x; tel:+86 13912345678."))
                .isEqualTo("id 3306**********123x; tel:+86 139****5678.");
    }

    @Test
    void otherNumbersInTextAreLeftAlone() {
        String text = "工单GD2026112900001，案号(2026)浙0681民诉前调1234号，FQ2026112900000001，金额50000元，"
                + "时间1764380000000，编号123456789012345678901";
        assertThat(Masking.text(text)).isEqualTo(text);
        assertThat(Masking.text(null)).isNull();
        assertThat(Masking.text("")).isEmpty();
    }
}
