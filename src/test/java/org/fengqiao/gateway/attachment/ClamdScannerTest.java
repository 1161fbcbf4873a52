package org.fengqiao.gateway.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.fengqiao.gateway.attachment.ClamdScanner.Outcome;
import org.fengqiao.gateway.support.FakeClamd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The virus-scan hook against a clamd stand-in speaking INSTREAM over TCP: clean, found, and every way
 * of getting no verdict (no daemon, no answer, an answer that is neither), which the store refuses.
 */
class ClamdScannerTest {

    static FakeClamd clamd = new FakeClamd();

    @BeforeAll
    static void start() {
        clamd.start();
    }

    @AfterAll
    static void stop() {
        clamd.stop();
    }

    private static ClamdScanner scanner(int port) {
        return new ClamdScanner("127.0.0.1", port, Duration.ofSeconds(2));
    }

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aCleanStreamIsClean() {
        // More than one chunk, so the framing of several is exercised.
        var verdict = scanner(clamd.port()).scan(bytes("%PDF-1.4 " + "x".repeat(200_000)));
        assertThat(verdict.outcome()).isEqualTo(Outcome.CLEAN);
    }

    @Test
    void whatClamdFindsIsNamed() {
        var verdict = scanner(clamd.port()).scan(bytes("%PDF-1.4\n" + FakeClamd.EICAR));
        assertThat(verdict.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(verdict.detail()).isEqualTo("Eicar-Test-Signature");
    }

    @Test
    void noDaemonIsNoVerdict() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        var verdict = scanner(closed).scan(bytes("%PDF-1.4"));
        assertThat(verdict.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(verdict.detail()).contains("127.0.0.1:" + closed);
    }

    @Test
    void noAnswerIsNoVerdict() {
        var verdict = scanner(clamd.port()).scan(bytes("%PDF-1.4 " + FakeClamd.NO_ANSWER));
        assertThat(verdict.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    }

    @Test
    void anAnswerThatIsNeitherIsNoVerdict() {
        assertThat(ClamdScanner.verdict("INSTREAM size limit exceeded. ERROR").outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(ClamdScanner.verdict("stream: OK").outcome()).isEqualTo(Outcome.CLEAN);
        assertThat(ClamdScanner.verdict("stream: Win.Test.EICAR_HDB-1 FOUND").detail()).isEqualTo("Win.Test.EICAR_HDB-1");
    }
}
