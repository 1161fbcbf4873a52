package org.fengqiao.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The first answer of each kind that was not 2xx, so a refused case can be looked into. */
final class Refusals {

    private static final Map<String, String> FIRST = new ConcurrentHashMap<>();

    private Refusals() {
    }

    static void note(Payloads.Case sent, int status, String body) {
        String kind = sent.source().system + " " + status;
        if (FIRST.size() < 20) {
            FIRST.putIfAbsent(kind, (body.length() > 400 ? body.substring(0, 400) : body) + "\n    for: "
                    + new String(sent.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    static Map<String, String> all() {
        return FIRST;
    }
}
