package org.fengqiao.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secure XML reader on its own: what it accepts, and that every entity trick is refused before it does harm. */
class XmlPayloadsTest {

    static ObjectNode parse(String xml) {
        return XmlPayloads.parseObject(xml, "Doc");
    }

    static FieldViolation refusal(String xml) {
        try {
            parse(xml);
        } catch (InvalidRequestException e) {
            assertThat(e.violations()).hasSize(1);
            return e.violations().get(0);
        }
        throw new AssertionError("accepted: " + xml);
    }

    @Test
    void elementsBecomeStringFieldsAndRepeatedOnesArrays() {
        ObjectNode doc = parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Doc><A>一</A><N>5</N><L><I><X>1</X></I><I><X>2</X></I></L><S><I><X>3</X></I></S></Doc>");
        XmlPayloads.repeatable(doc, "L", "I");
        XmlPayloads.repeatable(doc, "S", "I");
        XmlPayloads.repeatable(doc, "Missing", "I");
        assertThat(doc.get("A").asText()).isEqualTo("一");
        assertThat(doc.get("N").isTextual()).isTrue();
        assertThat(doc.at("/L/I").size()).isEqualTo(2);
        assertThat(doc.at("/S/I").isArray()).isTrue();
        assertThat(doc.at("/S/I/0/X").asText()).isEqualTo("3");
    }

    @Test
    void emptyElementsAreAbsentValues() {
        ObjectNode doc = parse("<Doc><A/><B>  </B><C><D/></C><E>x</E></Doc>");
        assertThat(doc.fieldNames()).toIterable().containsExactly("E");
        assertThat(parse("<Doc/>").isEmpty()).isTrue();
    }

    @Test
    void predefinedEntitiesAndCharacterReferencesAreText() {
        assertThat(parse("<Doc><A>甲 &amp; 乙 &lt;3 &#x4E19;</A></Doc>").get("A").asText()).isEqualTo("甲 & 乙 <3 丙");
        assertThat(parse("<Doc><A><![CDATA[<b>原文</b>]]></A></Doc>").get("A").asText()).isEqualTo("<b>原文</b>");
    }

    @Test
    void anUndeclaredEntityIsRefused() {
        FieldViolation refused = refusal("<Doc>\n<A>&xxe;</A></Doc>");
        assertThat(refused.field()).isEqualTo("$");
        assertThat(refused.message()).contains("entity references").endsWith("at line 2, column 4");
    }

    @Test
    void anyDoctypeIsRefused(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "SECRET-MARKER");
        String fileUrl = secret.toUri().toString();
        List<String> attacks = List.of(
                "<!DOCTYPE Doc [<!ENTITY x SYSTEM \"" + fileUrl + "\">]><Doc><A>&x;</A></Doc>",
                "<!DOCTYPE Doc SYSTEM \"" + fileUrl + "\"><Doc><A>a</A></Doc>",
                "<!DOCTYPE Doc [<!ENTITY % p SYSTEM \"" + fileUrl + "\"> %p;]><Doc/>",
                "<!DOCTYPE Doc [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                        + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><Doc><A>&c;</A></Doc>",
                "<!DOCTYPE Doc><Doc/>");
        for (String attack : attacks) {
            FieldViolation refused = refusal(attack);
            assertThat(refused.field()).isEqualTo("$");
            assertThat(refused.message()).contains("DOCTYPE").doesNotContain("SECRET");
        }
    }

    @Test
    void theRootElementIsChecked() {
        assertThat(refusal("<Other><A>a</A></Other>").message()).contains("<Doc>");
        assertThat(refusal("<?xml version=\"1.0\"?><!-- nothing -->").field()).isEqualTo("$");
    }

    @Test
    void malformedXmlNamesThePositionAndNeverTheContent() {
        FieldViolation broken = refusal("<Doc>\n  <A>机密内容</B>\n</Doc>");
        assertThat(broken.message()).startsWith("is not well-formed XML at line 2, column").doesNotContain("机密");
        assertThat(refusal("<Doc><A>a</A></Doc><Doc/>").message()).startsWith("is not well-formed XML");
        assertThat(refusal("<Doc><A>a</A>").message()).startsWith("is not well-formed XML");
        assertThat(refusal("{\"A\": 1}").message()).startsWith("is not well-formed XML");
    }

    @Test
    void limitsStopOversizedDocuments() {
        String deep = "<E>".repeat(40) + "x" + "</E>".repeat(40);
        assertThat(refusal("<Doc>" + deep + "</Doc>").message()).startsWith("exceeds the size limits");
        StringBuilder attributes = new StringBuilder("<Doc");
        for (int i = 0; i < 20; i++) {
            attributes.append(" a").append(i).append("=\"v\"");
        }
        assertThat(refusal(attributes + "/>").message()).startsWith("exceeds the size limits");
        String longText = "纠".repeat(XmlPayloads.MAX_TEXT_LENGTH + 1);
        assertThat(refusal("<Doc><A>" + longText + "</A></Doc>").message()).startsWith("exceeds the size limits");
        assertThat(parse("<Doc>" + "<E>".repeat(20) + "x" + "</E>".repeat(20) + "</Doc>")).isNotNull();
    }

    @Test
    void emptyBodiesAreRefused() {
        assertThatThrownBy(() -> parse("  ")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> parse(null)).isInstanceOf(InvalidRequestException.class);
    }
}
