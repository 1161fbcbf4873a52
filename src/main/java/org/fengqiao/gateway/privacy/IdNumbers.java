package org.fengqiao.gateway.privacy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * Resident ID numbers (居民身份证号码) as GB 11643-1999 defines them: 6 digits of the registering
 * division, the birth date (yyyyMMdd), a 3-digit sequence and a check character computed with
 * ISO 7064 MOD 11-2 (0–9 or X). The old 15-digit numbers (GB 11643-1989) have no check character
 * and a 2-digit birth year in the 1900s; only their date can be checked.
 */
public final class IdNumbers {

    private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final char[] CHECK = "10X98765432".toCharArray();
    private static final DateTimeFormatter BIRTH = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final int EARLIEST_BIRTH_YEAR = 1900;

    private IdNumbers() {
    }

    /** Whether the number is well formed, has a plausible birth date and (18 characters) the right check character. */
    public static boolean isValid(String idNumber) {
        return isValid(idNumber, LocalDate.now(CHINA));
    }

    public static boolean isValid(String idNumber, LocalDate today) {
        if (idNumber == null) {
            return false;
        }
        // A lower-case x is the same number typed carelessly; anything else out of place is a typo to flag.
        String id = idNumber.strip().toUpperCase(Locale.ROOT);
        if (id.length() == 18) {
            return digits(id, 0, 17) && (Character.isDigit(id.charAt(17)) || id.charAt(17) == 'X')
                    && id.charAt(0) != '0'
                    && plausibleBirth(id.substring(6, 14), today)
                    && checkCharacter(id.substring(0, 17)) == id.charAt(17);
        }
        if (id.length() == 15) {
            return digits(id, 0, 15) && id.charAt(0) != '0' && plausibleBirth("19" + id.substring(6, 12), today);
        }
        return false;
    }

    /** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
    public static char checkCharacter(String first17) {
        if (first17 == null || first17.length() != 17 || !digits(first17, 0, 17)) {
            throw new IllegalArgumentException("17 digits expected");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    private static boolean plausibleBirth(String yyyymmdd, LocalDate today) {
        try {
            LocalDate born = LocalDate.parse(yyyymmdd, BIRTH);
            return born.getYear() >= EARLIEST_BIRTH_YEAR && !born.isAfter(today);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
