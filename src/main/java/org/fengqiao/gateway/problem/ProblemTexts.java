package org.fengqiao.gateway.problem;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import org.apache.camel.Exchange;

/**
 * The language of problem answers: Chinese when the client's {@code Accept-Language} prefers it
 * ({@code zh-CN}, {@code zh}, {@code zh-Hans}, with q-values), English otherwise. The texts are the
 * resource bundle {@code problems} (problems.properties in English, problems_zh.properties in
 * Chinese, both UTF-8); {@code code}, field names and the structure of an answer are the same in
 * both. A plain JDK resource bundle rather than Qute's message bundles: the gateway has no Qute, and
 * the answers are written by Camel processors and a Vert.x handler, not templates.
 */
public final class ProblemTexts {

    /** Exchange property: the language chosen for the exchange's answers. */
    public static final String LOCALE_PROPERTY = "gatewayProblemLocale";
    public static final Locale CHINESE = Locale.CHINESE;
    private static final List<Locale> OFFERED = List.of(Locale.ENGLISH, CHINESE);
    private static final String BUNDLE = "problems";

    private ProblemTexts() {
    }

    /** The language to answer in for an {@code Accept-Language} header (null: English). */
    public static Locale choose(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 256) {
            return Locale.ROOT;
        }
        try {
            Locale chosen = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), OFFERED);
            return CHINESE.equals(chosen) ? CHINESE : Locale.ROOT;
        } catch (IllegalArgumentException malformed) {
            return Locale.ROOT;
        }
    }

    /** The language of an exchange's answers: as chosen when it came in, else from its header. */
    public static Locale of(Exchange exchange) {
        Locale chosen = exchange.getProperty(LOCALE_PROPERTY, Locale.class);
        return chosen != null ? chosen : choose(exchange.getMessage().getHeader("Accept-Language", String.class));
    }

    public static String render(Locale locale, Text text) {
        ResourceBundle bundle = bundle(locale);
        String pattern;
        try {
            pattern = bundle.getString(text.key());
        } catch (MissingResourceException e) {
            // A key without a text is a bug; the key still says what went wrong.
            return text.key();
        }
        if (text.args().length == 0) {
            return pattern.replace("''", "'");
        }
        // Numbers as they are (no grouping: a limit of 65536 bytes is not shown as 65,536).
        Object[] args = java.util.Arrays.stream(text.args())
                .map(a -> a instanceof Number || a == null ? String.valueOf(a) : a).toArray();
        return new MessageFormat(pattern, locale).format(args);
    }

    public static String title(Locale locale, String code) {
        return render(locale, new Text("title." + code));
    }

    /** The detail of {@code e} in {@code locale}: its text if it has one, else its (English) message. */
    public static String detail(Locale locale, Throwable e) {
        if (e instanceof Localized localized && localized.text() != null) {
            return render(locale, localized.text());
        }
        return e.getMessage();
    }

    /** Field violations with their messages in {@code locale}. */
    public static List<FieldViolation> violations(Locale locale, List<FieldViolation> violations) {
        return violations.stream().map(v -> v.text() == null ? v
                : new FieldViolation(v.field(), render(locale, v.text()), v.text())).toList();
    }

    static ResourceBundle bundle(Locale locale) {
        // No fallback to the JVM's default locale: the base bundle is English.
        return ResourceBundle.getBundle(BUNDLE, CHINESE.equals(locale) ? CHINESE : Locale.ROOT,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }
}
