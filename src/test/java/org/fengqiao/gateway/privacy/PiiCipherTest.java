package org.fengqiao.gateway.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class PiiCipherTest {

    static final String KEY_A = randomKey();
    static final String KEY_B = randomKey();

    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static PiiCipher cipher(String active, String... entries) {
        return new PiiCipher(List.of(entries), active);
    }

    @Test
    void valuesRoundTripAndCarryTheirKeyId() {
        PiiCipher a = cipher("a", "a:" + KEY_A);
        String sealed = a.encrypt("33068119900101123X");
        assertThat(sealed).startsWith("enc:v1:a:").doesNotContain("33068119900101123X");
        assertThat(a.decrypt(sealed)).isEqualTo("33068119900101123X");
        assertThat(a.decrypt(a.encrypt("张三 13912345678"))).isEqualTo("张三 13912345678");
        assertThat(a.decrypt(a.encrypt(""))).isEmpty();
        assertThat(a.isCurrent(sealed)).isTrue();
    }

    @Test
    void eachValueGetsItsOwnIv() {
        PiiCipher a = cipher("a", "a:" + KEY_A);
        String one = a.encrypt("13912345678");
        String two = a.encrypt("13912345678");
        assertThat(one).isNotEqualTo(two);
        byte[] raw = Base64.getDecoder().decode(one.substring("enc:v1:a:".length()));
        assertThat(raw).hasSize(12 + 11 + 16); // 96-bit IV, the 11 bytes, 128-bit tag
    }

    @Test
    void tamperedOrRelabelledValuesDoNotDecrypt() {
        PiiCipher ab = cipher("a", "a:" + KEY_A, "b:" + KEY_B);
        String sealed = ab.encrypt("13912345678");
        byte[] raw = Base64.getDecoder().decode(sealed.substring("enc:v1:a:".length()));
        raw[15] ^= 1;
        String tampered = "enc:v1:a:" + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> ab.decrypt(tampered)).isInstanceOf(PiiCipher.PiiKeyException.class);
        String relabelled = sealed.replace("enc:v1:a:", "enc:v1:b:");
        assertThatThrownBy(() -> ab.decrypt(relabelled)).isInstanceOf(PiiCipher.PiiKeyException.class);
    }

    @Test
    void rotationOlderValuesReadWhileTheirKeyIsListed() {
        String underA = cipher("a", "a:" + KEY_A).encrypt("13912345678");
        PiiCipher rotated = cipher("b", "a:" + KEY_A, "b:" + KEY_B);
        assertThat(rotated.decrypt(underA)).isEqualTo("13912345678");
        assertThat(rotated.isCurrent(underA)).isFalse();
        String underB = rotated.reencrypt(underA);
        assertThat(underB).startsWith("enc:v1:b:");
        assertThat(rotated.reencrypt(underB)).isSameAs(underB);

        PiiCipher onlyB = cipher("b", "b:" + KEY_B);
        assertThat(onlyB.decrypt(underB)).isEqualTo("13912345678");
        assertThatThrownBy(() -> onlyB.decrypt(underA)).isInstanceOf(PiiCipher.PiiKeyException.class)
                .hasMessageContaining("'a'").hasMessageNotContaining("1391");
    }

    @Test
    void clearValuesFromBeforeEncryptionAreReadAsTheyAre() {
        PiiCipher a = cipher("a", "a:" + KEY_A);
        assertThat(a.decrypt("13912345678")).isEqualTo("13912345678");
        assertThat(a.isCurrent("13912345678")).isFalse();
        assertThat(a.reencrypt("13912345678")).startsWith("enc:v1:a:");
        assertThat(a.decrypt(null)).isNull();
    }

    @Test
    void badKeyConfigurationStopsTheStartWithoutShowingKeys() {
        assertThatThrownBy(() -> cipher("c", "a:" + KEY_A)).hasMessageContaining("'c'");
        assertThatThrownBy(() -> cipher("a", "a:" + Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("128 bits; 256 are required");
        assertThatThrownBy(() -> cipher("a", "a:not base64!")).hasMessageContaining("'a' is not base64");
        assertThatThrownBy(() -> cipher("a", "a:" + KEY_A, "a:" + KEY_B)).hasMessageContaining("listed twice")
                .hasMessageNotContaining(KEY_A).hasMessageNotContaining(KEY_B);
        assertThatThrownBy(() -> cipher("a", KEY_A)).hasMessageContaining("<id>:<base64 key>");
    }
}
