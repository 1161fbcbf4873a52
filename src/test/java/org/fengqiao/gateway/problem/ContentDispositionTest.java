package org.fengqiao.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The one {@code Content-Disposition} of every download (the centre's export, the assessment workbook,
 * a dispute's files): the real name percent-encoded as RFC 8187 has it, an ASCII name beside it.
 */
class ContentDispositionTest {

    @Test
    void aChineseNameIsPercentEncodedBesideTheAsciiOneGiven() {
        assertThat(ContentDisposition.attachment("纠纷清单-330681-20261206.xlsx", "disputes-330681-20261206.xlsx"))
                .isEqualTo("attachment; filename=\"disputes-330681-20261206.xlsx\"; "
                        + "filename*=UTF-8''%E7%BA%A0%E7%BA%B7%E6%B8%85%E5%8D%95-330681-20261206.xlsx");
    }

    @Test
    void anUploadedNameGetsAnAsciiStandInAndOnlyAttrCharsUnescaped() {
        // Space and '*' are no attr-char: escaped; '!' is one: as it is.
        assertThat(ContentDisposition.attachment("调解 协议*1!.pdf")).isEqualTo("attachment; filename=\"__ __*1!.pdf\"; "
                + "filename*=UTF-8''%E8%B0%83%E8%A7%A3%20%E5%8D%8F%E8%AE%AE%2A1!.pdf");
        // A quote or backslash would end or escape the quoted name.
        assertThat(ContentDisposition.attachment("a\"b\\c.pdf"))
                .isEqualTo("attachment; filename=\"a_b_c.pdf\"; filename*=UTF-8''a%22b%5Cc.pdf");
    }

    @Test
    void theEncodedNameDecodesToTheNameGiven() {
        String name = "现场照片（2）#1 & ~备份'.jpg";
        String header = ContentDisposition.attachment(name);
        String encoded = header.substring(header.indexOf("UTF-8''") + "UTF-8''".length());
        assertThat(encoded).matches("[A-Za-z0-9!#$&+\\-.^_`|~%]+");
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(name);
    }
}
