package org.fengqiao.gateway.support;

import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random resident ID numbers (18 characters, valid check digit) for test parties. Each test uses its
 * own: disputes from two sources in one township that share a party's ID number are linked as the
 * same matter and routed together, so a fixed number would tie unrelated tests to each other.
 */
public final class IdNumbers {

    private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final char[] CHECK = "10X98765432".toCharArray();

    private IdNumbers() {
    }

    /** A number registered in 诸暨市 (330681). */
    public static String random() {
        return random("330681");
    }

    public static String random(String county) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        LocalDate born = LocalDate.of(1950, 1, 1).plusDays(random.nextInt(365 * 50));
        String body = county + born.toString().replace("-", "") + String.format("%03d", random.nextInt(1000));
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * WEIGHTS[i];
        }
        return body + CHECK[sum % 11];
    }
}
