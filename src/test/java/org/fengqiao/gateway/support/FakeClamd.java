package org.fengqiao.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for ClamAV's daemon: it speaks clamd's INSTREAM protocol on a free loopback port and
 * answers {@code stream: Eicar-Test-Signature FOUND} for a stream holding the EICAR test string,
 * closes without an answer for one holding {@link #NO_ANSWER}, and {@code stream: OK} otherwise.
 * As a test resource it turns the gateway's virus scan on and points it here.
 */
public class FakeClamd implements QuarkusTestResourceLifecycleManager {

    /** The EICAR anti-virus test file, assembled here so that no file of the project is one. */
    public static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    /** A stream holding this gets no answer: the scan has no verdict. */
    public static final String NO_ANSWER = "FAKE-CLAMD-SAYS-NOTHING";

    private static final AtomicInteger SCANS = new AtomicInteger();
    private ServerSocket server;
    private Thread acceptor;

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("fake clamd could not listen", e);
        }
        acceptor = new Thread(this::serve, "fake-clamd");
        acceptor.setDaemon(true);
        acceptor.start();
        return Map.of("gateway.attachments.scan.enabled", "true",
                "gateway.attachments.scan.host", "127.0.0.1",
                "gateway.attachments.scan.port", String.valueOf(port()),
                "gateway.attachments.scan.timeout", "PT5S");
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many streams any fake clamd of this JVM has scanned. */
    public static int scans() {
        return SCANS.get();
    }

    @Override
    public void stop() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                answer(socket);
            } catch (IOException e) {
                // a client that went away, or the server closed
            }
        }
    }

    private static void answer(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) > 0) {
            command.write(b);
        }
        if (!"zINSTREAM".equals(command.toString(StandardCharsets.US_ASCII))) {
            reply(socket, "UNKNOWN COMMAND");
            return;
        }
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int length;
        while ((length = in.readInt()) > 0) {
            byte[] chunk = in.readNBytes(length);
            if (stream.size() < 64 * 1024 * 1024) {
                stream.write(chunk);
            }
        }
        SCANS.incrementAndGet();
        String content = stream.toString(StandardCharsets.ISO_8859_1);
        if (content.contains(NO_ANSWER)) {
            return;
        }
        reply(socket, content.contains(EICAR) ? "stream: Eicar-Test-Signature FOUND" : "stream: OK");
    }

    private static void reply(Socket socket, String answer) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((answer + "\0").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
