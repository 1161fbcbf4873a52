package org.fengqiao.gateway.problem;

import java.util.Arrays;
import java.util.Locale;

/**
 * A text of a problem answer in no language yet: a key of the {@code problems} resource bundle and
 * its arguments (java.text.MessageFormat). Rendered in the language the client asks for when the
 * answer is written ({@link ProblemTexts}); in English wherever it is logged.
 */
public record Text(String key, Object... args) {

    /** The English text: what logs, exception messages and the refusal log carry. */
    public String english() {
        return ProblemTexts.render(Locale.ROOT, this);
    }

    @Override
    public String toString() {
        return key + Arrays.toString(args);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Text t && key.equals(t.key) && Arrays.equals(args, t.args);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Arrays.hashCode(args);
    }
}
