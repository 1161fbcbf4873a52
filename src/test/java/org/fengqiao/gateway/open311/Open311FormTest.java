package org.fengqiao.gateway.open311;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.junit.jupiter.api.Test;

/**
 * An Open311 form read by one set of rules whether the gateway decodes the body itself or platform-http
 * handed it over decoded: the standard's fields and attributes taken, anything else passed over, each
 * field once, at most {@value Open311Api#MAX_FIELDS} fields, strict percent escapes and UTF-8.
 */
class Open311FormTest {

    @Test
    void theStandardsFieldsAreTakenDecodedAndOthersPassedOver() {
        Map<String, String> form = Open311Api.form("api_key=k&service_code=NEIGHBOR&description=%E5%99%AA%E9%9F%B3+%E6%89%B0%E6%B0%91"
                + "&attribute%5Bperson_count%5D=12&colour=red&first_name&&lat=29.7");
        assertThat(form).containsExactly(Map.entry("api_key", "k"), Map.entry("service_code", "NEIGHBOR"),
                Map.entry("description", "噪音 扰民"), Map.entry("attribute[person_count]", "12"),
                Map.entry("first_name", ""), Map.entry("lat", "29.7"));

        Map<String, Object> decoded = new LinkedHashMap<>();
        decoded.put("api_key", "k");
        decoded.put("service_code", List.of("NEIGHBOR"));
        decoded.put("description", "噪音 扰民");
        decoded.put("attribute[person_count]", List.of("12"));
        decoded.put("colour", "red");
        decoded.put("first_name", null);
        decoded.put("lat", "29.7");
        assertThat(Open311Api.form(decoded)).isEqualTo(form);
        assertThat(Open311Api.form((String) null)).isEmpty();
    }

    @Test
    void aFieldGivenMoreThanOnceIsNamedOnceEitherWay() {
        assertThat(fieldsRefused(() -> Open311Api.form("client_token=a&phone=1&client_token=b&client_token=c&colour=1&colour=2")))
                .containsExactly("client_token");
        assertThat(fieldsRefused(() -> Open311Api.form(Map.of("client_token", List.of("a", "b", "c"), "colour",
                List.of("1", "2"), "phone", List.of("1"))))).containsExactly("client_token");
    }

    @Test
    void tooManyFieldsABrokenEscapeOrBytesThatAreNotUtf8AreRefused() {
        String many = "description=x" + "&colour=1".repeat(Open311Api.MAX_FIELDS);
        assertThatThrownBy(() -> Open311Api.form(many)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("[$]");
        Map<String, Object> decoded = new LinkedHashMap<>();
        for (int i = 0; i <= Open311Api.MAX_FIELDS; i++) {
            decoded.put("attribute[a" + i + "]", "1");
        }
        assertThatThrownBy(() -> Open311Api.form(decoded)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("[$]");
        // Even in a field that is passed over: the body as a whole is not a form.
        assertThat(fieldsRefused(() -> Open311Api.form("description=ok&colour=%E5%9"))).containsExactly("$");
        assertThat(fieldsRefused(() -> Open311Api.form("description=%FF%FE"))).containsExactly("$");
    }

    private static List<String> fieldsRefused(Runnable read) {
        try {
            read.run();
        } catch (InvalidRequestException refused) {
            return refused.violations().stream().map(FieldViolation::field).toList();
        }
        throw new AssertionError("not refused");
    }
}
