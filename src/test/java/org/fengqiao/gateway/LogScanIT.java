package org.fengqiao.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.fengqiao.gateway.privacy.Masking;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test (its own failsafe execution) and reads what the gateway logged
 * during them: the Quarkus tests' log file (target/test-logs, see the test profile) and the
 * packaged jar's output (target/it-logs). Any resident ID number (18 characters, or the old 15
 * digits) or mainland mobile number in it fails the build.
 */
class LogScanIT {

    static final Path TEST_LOGS = Path.of("target", "test-logs");
    static final Path IT_LOGS = Path.of("target", "it-logs");
    static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])(\\d{17}[0-9Xx]|\\d{15})(?![0-9A-Za-z])");
    // A mobile number stands on its own, as the ID number does: the same eleven digits inside a hex
    // identifier (an attachment's random id) are not one.
    static final Pattern MOBILE = Pattern.compile("(?<![0-9A-Za-z])1[3-9]\\d{9}(?![0-9A-Za-z])");

    @Test
    void theGatewayLogsNoIdOrMobileNumber() throws IOException {
        List<Path> files = new ArrayList<>(logs(TEST_LOGS));
        assertThat(files).as("the Quarkus tests' gateway log under " + TEST_LOGS).isNotEmpty();
        files.addAll(logs(IT_LOGS));
        long lines = 0;
        List<String> hits = new ArrayList<>();
        for (Path file : files) {
            // Replace undecodable bytes rather than fail: the scan must read everything.
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
                String line;
                int n = 0;
                while ((line = in.readLine()) != null) {
                    n++;
                    lines++;
                    hits.addAll(find(file + ":" + n, line));
                }
            }
        }
        assertThat(lines).as("lines read").isPositive();
        // The failure names file, line and the masked number, so the report does not repeat the leak.
        assertThat(hits).as("ID or mobile numbers in %d log line(s) of %s", lines, files).isEmpty();
    }

    @Test
    void theScanRecognisesWhatItLooksFor() {
        assertThat(find("x", "party 33068119900101123X called from 13912345678")).hasSize(2);
        assertThat(find("x", "old number 330681900101123 and 330681199001011237 .")).hasSize(2);
        assertThat(find("x", "masked 3306**********123X, 139****5678; FQ2026112900000001 at 1764380000000")).isEmpty();
    }

    static List<String> find(String where, String line) {
        List<String> out = new ArrayList<>();
        for (Pattern p : List.of(ID_NUMBER, MOBILE)) {
            Matcher m = p.matcher(line);
            while (m.find()) {
                out.add(where + ": " + (p == MOBILE ? Masking.phone(m.group()) : Masking.idNumber(m.group())));
            }
        }
        return out;
    }

    private static List<Path> logs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
