package org.fengqiao.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every problem text exists in both languages, with the same arguments; the language follows Accept-Language. */
class ProblemTextsTest {

    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");
    /** A key in the sources: a string literal of one of the bundle's groups. */
    private static final Pattern KEY_IN_SOURCE = Pattern.compile(
            "\"((?:title|detail|router|limits|intake|auth|staff|handling|ledger|feedback|evaluation|schema|payload"
                    + "|violation)\\.[a-z0-9.-]*[a-z0-9])\"");
    /** Every code a problem answer carries. */
    private static final Set<String> CODES = Set.of("INVALID_REQUEST", "NOT_FOUND", "UNAUTHORIZED", "FORBIDDEN",
            "CONFLICT", "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "SERVICE_UNAVAILABLE", "INTERNAL_ERROR",
            "METHOD_NOT_ALLOWED", "NOT_ACCEPTABLE", "UNSUPPORTED_MEDIA_TYPE");

    @Test
    void everyKeyHasBothLanguagesWithTheSameArguments() throws IOException {
        Properties english = load("problems.properties");
        Properties chinese = load("problems_zh.properties");
        assertThat(chinese.stringPropertyNames()).isEqualTo(english.stringPropertyNames());
        for (String key : english.stringPropertyNames()) {
            assertThat(arguments(chinese.getProperty(key))).as(key).isEqualTo(arguments(english.getProperty(key)));
            assertThat(chinese.getProperty(key)).as(key + " is translated").isNotEqualTo(english.getProperty(key));
        }
        for (String code : CODES) {
            assertThat(english.stringPropertyNames()).contains("title." + code);
        }
    }

    @Test
    void everyKeyTheGatewayUsesHasItsTexts() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path file : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = KEY_IN_SOURCE.matcher(Files.readString(file));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertThat(used).contains("auth.header-missing", "violation.required", "staff.token-invalid");
        assertThat(load("problems.properties").stringPropertyNames()).containsAll(used);
    }

    @Test
    void chineseWhenTheClientPrefersIt() {
        assertThat(ProblemTexts.choose("zh-CN")).isEqualTo(Locale.CHINESE);
        assertThat(ProblemTexts.choose("zh")).isEqualTo(Locale.CHINESE);
        assertThat(ProblemTexts.choose("zh-Hans")).isEqualTo(Locale.CHINESE);
        assertThat(ProblemTexts.choose("zh-Hans-CN,zh;q=0.9")).isEqualTo(Locale.CHINESE);
        assertThat(ProblemTexts.choose("en;q=0.5, zh-CN;q=0.9")).isEqualTo(Locale.CHINESE);
        assertThat(ProblemTexts.choose("en-US,en;q=0.9,zh-CN;q=0.8")).isEqualTo(Locale.ROOT);
        assertThat(ProblemTexts.choose("fr-FR")).isEqualTo(Locale.ROOT);
        assertThat(ProblemTexts.choose(null)).isEqualTo(Locale.ROOT);
        assertThat(ProblemTexts.choose(";;;q=abc")).isEqualTo(Locale.ROOT);
    }

    @Test
    void textsAreRenderedWithTheirArguments() {
        Text missing = new Text("auth.header-missing", "X-Fq-Nonce");
        assertThat(missing.english()).isEqualTo("unsigned request: the X-Fq-Nonce header is missing");
        assertThat(ProblemTexts.render(Locale.CHINESE, missing)).isEqualTo("请求未签名：缺少 X-Fq-Nonce 请求头");
        // Apostrophes and numbers as written: no MessageFormat quoting, no digit grouping.
        assertThat(new Text("feedback.redrive-operator").english()).isEqualTo("re-driving dead letters is the operator's");
        assertThat(new Text("limits.body", 65536L, "hotline").english())
                .isEqualTo("the body is larger than the 65536 bytes source hotline may send");
    }

    private static Set<String> arguments(String pattern) {
        Set<String> found = new TreeSet<>();
        Matcher m = ARGUMENT.matcher(pattern);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ProblemTextsTest.class.getClassLoader().getResourceAsStream(resource)) {
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
