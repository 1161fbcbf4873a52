package org.fengqiao.gateway.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class IdNumbersTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

    // GB 11643 / ISO 7064 MOD 11-2, computed here independently of the class under test:
    // the check character is the one that makes sum(a_i * 2^(17-i)) + value(check) ≡ 1 (mod 11).
    static String withCheck(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int weight = (1 << (17 - i)) % 11;
            sum += (first17.charAt(i) - '0') * weight;
        }
        int check = Math.floorMod(1 - sum, 11);
        return first17 + (check == 10 ? "X" : String.valueOf(check));
    }

    @Test
    void validNumbersPass() {
        for (String first17 : new String[] { "33068119900101123", "33060219851231001", "11010519491231002",
                "44030620000229004", "33068120261129001" }) {
            assertThat(IdNumbers.isValid(withCheck(first17), TODAY)).as(first17).isTrue();
        }
        // The standard's specimen number, check character X.
        assertThat(IdNumbers.isValid("11010519491231002X", TODAY)).isTrue();
        // Right check character, but born in 1880: not a living resident's number.
        assertThat(IdNumbers.isValid("440524188001010014", TODAY)).isFalse();
    }

    @Test
    void theCheckCharacterIsIso7064Mod112() {
        int xs = 0;
        for (int n = 0; n < 2000; n++) {
            String first17 = "330681" + "19" + String.format("%02d", n % 100) + "0615" + String.format("%03d", n % 1000);
            String expected = withCheck(first17);
            assertThat(IdNumbers.checkCharacter(first17)).isEqualTo(expected.charAt(17));
            xs += expected.endsWith("X") ? 1 : 0;
        }
        assertThat(xs).as("some check characters are X").isPositive();
        assertThatThrownBy(() -> IdNumbers.checkCharacter("3306811990")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyWrongCheckCharacterFails() {
        String valid = withCheck("33068119900101123");
        for (char c : "0123456789X".toCharArray()) {
            String candidate = valid.substring(0, 17) + c;
            assertThat(IdNumbers.isValid(candidate, TODAY)).as(candidate).isEqualTo(candidate.equals(valid));
        }
    }

    @Test
    void aSingleMistypedDigitOrSwappedPairIsCaught() {
        String valid = withCheck("33068119900101123");
        // One digit changed (not in the date, which would fail on its own): MOD 11-2 catches every one.
        for (int i : new int[] { 0, 1, 2, 3, 4, 5, 14, 15, 16 }) {
            char d = valid.charAt(i);
            String typo = valid.substring(0, i) + (char) ('0' + (d - '0' + 1) % 10) + valid.substring(i + 1);
            assertThat(IdNumbers.isValid(typo, TODAY)).as(typo).isFalse();
        }
        String swapped = valid.substring(0, 14) + valid.charAt(15) + valid.charAt(14) + valid.substring(16);
        assertThat(IdNumbers.isValid(swapped, TODAY)).isFalse();
    }

    @Test
    void theBirthDateMustBePlausible() {
        assertThat(IdNumbers.isValid(withCheck("33068119900230123"), TODAY)).as("30 February").isFalse();
        assertThat(IdNumbers.isValid(withCheck("33068119901301123"), TODAY)).as("month 13").isFalse();
        assertThat(IdNumbers.isValid(withCheck("33068119010229123"), TODAY)).as("1901 not a leap year").isFalse();
        assertThat(IdNumbers.isValid(withCheck("33068118991231123"), TODAY)).as("before 1900").isFalse();
        assertThat(IdNumbers.isValid(withCheck("33068120261130123"), TODAY)).as("born tomorrow").isFalse();
        assertThat(IdNumbers.isValid(withCheck("33068120261129123"), TODAY)).as("born today").isTrue();
    }

    @Test
    void malformedValuesFail() {
        String valid = withCheck("33068119900101123");
        assertThat(IdNumbers.isValid(null, TODAY)).isFalse();
        assertThat(IdNumbers.isValid("", TODAY)).isFalse();
        assertThat(IdNumbers.isValid(valid.substring(0, 17), TODAY)).isFalse();
        assertThat(IdNumbers.isValid(valid + "1", TODAY)).isFalse();
        assertThat(IdNumbers.isValid("X" + valid.substring(1), TODAY)).isFalse();
        assertThat(IdNumbers.isValid(valid.substring(0, 9) + "O" + valid.substring(10), TODAY)).isFalse();
        assertThat(IdNumbers.isValid(withCheck("03068119900101123"), TODAY)).as("no division starts with 0").isFalse();
        assertThat(IdNumbers.isValid("330681 19900101 1237", TODAY)).isFalse();
    }

    @Test
    void lowerCaseXAndSurroundingSpacesAreTheSameNumber() {
        String withX = findWithX();
        assertThat(IdNumbers.isValid(withX.toLowerCase(), TODAY)).isTrue();
        assertThat(IdNumbers.isValid(" " + withX + "\t", TODAY)).isTrue();
    }

    @Test
    void oldFifteenDigitNumbersHaveOnlyTheirDateChecked() {
        assertThat(IdNumbers.isValid("330681900101123", TODAY)).isTrue();   // born 1990-01-01
        assertThat(IdNumbers.isValid("330681900230123", TODAY)).isFalse();  // 30 February
        assertThat(IdNumbers.isValid("33068190010112X", TODAY)).isFalse();  // no check character in old numbers
    }

    private static String findWithX() {
        for (int seq = 0; seq < 1000; seq++) {
            String candidate = withCheck("33068119900101" + String.format("%03d", seq));
            if (candidate.endsWith("X")) {
                return candidate;
            }
        }
        throw new AssertionError("no number with check character X");
    }
}
