package org.fengqiao.gateway.attachment;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The virus-scan hook: ClamAV's daemon, asked with its INSTREAM command over TCP (the file in chunks,
 * each after its length as four bytes in network order, then a chunk of length zero); clamd answers
 * {@code stream: OK} or {@code stream: <signature> FOUND}. Any other answer, no answer in time, or no
 * daemon is {@link Verdict#UNAVAILABLE}: the caller refuses the file then (fail closed).
 */
final class ClamdScanner {

    /** clamd's own default StreamMaxLength is 25 MB; chunks well below its buffer. */
    private static final int CHUNK = 64 * 1024;
    private static final int MAX_ANSWER = 1024;

    enum Outcome { CLEAN, FOUND, UNAVAILABLE }

    /** @param detail the signature clamd found, or why there was no verdict; null when clean */
    record Verdict(Outcome outcome, String detail) {
    }

    private final String host;
    private final int port;
    private final Duration timeout;

    ClamdScanner(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    Verdict scan(InputStream content) {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            // The z prefix: commands and answers end with a NUL byte.
            out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[CHUNK];
            int read;
            while ((read = content.read(buffer)) > 0) {
                out.writeInt(read);
                out.write(buffer, 0, read);
            }
            out.writeInt(0);
            out.flush();
            return verdict(readAnswer(socket.getInputStream()));
        } catch (IOException e) {
            // clamd may also close the stream early when the file is above its StreamMaxLength.
            return new Verdict(Outcome.UNAVAILABLE, e.getClass().getSimpleName() + " talking to clamd at " + host + ":"
                    + port);
        }
    }

    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) > 0 && answer.size() < MAX_ANSWER) {
            answer.write(b);
        }
        return answer.toString(StandardCharsets.US_ASCII).trim();
    }

    static Verdict verdict(String answer) {
        if (answer.endsWith(" OK") || answer.equals("OK")) {
            return new Verdict(Outcome.CLEAN, null);
        }
        if (answer.endsWith(" FOUND")) {
            String signature = answer.substring(answer.indexOf(':') + 1, answer.length() - " FOUND".length()).trim();
            return new Verdict(Outcome.FOUND, signature);
        }
        return new Verdict(Outcome.UNAVAILABLE, "clamd answered: " + answer);
    }
}
