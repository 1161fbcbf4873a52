package org.fengqiao.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fengqiao.gateway.support.GatewayProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After a flood, the connections it left open must not keep the sources out. The gateway takes at
 * most quarkus.http.limits.max-connections at once and closes one that stays idle for
 * quarkus.http.idle-timeout; here both are small (3 connections, 2 s) so the test sees, on the
 * packaged jar, what a county sees at 1,024 and 60 s: clients that connected and went quiet hold
 * every slot, the next client is closed unanswered, and once the quiet ones time out a source is
 * served again.
 */
class IdleConnectionsIT {

    static final int MAX_CONNECTIONS = 3;

    private final List<KeepAliveClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(KeepAliveClient::close);
    }

    @Test
    void connectionsLeftIdleByAFloodAreClosedSoSourcesGetBackIn() throws Exception {
        try (GatewayProcess gateway = new GatewayProcess("idle-connections",
                Path.of("target", "it-data", "idle-connections-" + System.nanoTime()),
                Map.of("QUARKUS_HTTP_LIMITS_MAX_CONNECTIONS", String.valueOf(MAX_CONNECTIONS),
                        "QUARKUS_HTTP_IDLE_TIMEOUT", "2S")).start()) {
            URI base = URI.create(gateway.baseUrl());

            // The flood: as many keep-alive clients as the gateway takes, each served once, then quiet.
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                KeepAliveClient client = new KeepAliveClient(base);
                clients.add(client);
                assertThat(client.get("/q/health/live")).as("status seen by client %d of the flood", i).isEqualTo(200);
            }

            // Every slot is held: one more client is closed without an answer.
            try (KeepAliveClient late = new KeepAliveClient(base)) {
                assertThat(late.get("/q/health/live")).as("status seen by a client beyond the limit").isEqualTo(-1);
            }

            // The quiet clients are closed by the gateway (none of them closes itself)...
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(clients)
                    .allSatisfy(client -> assertThat(client.closedByServer()).isTrue()));

            // ...and a source is served again.
            try (KeepAliveClient source = new KeepAliveClient(base)) {
                assertThat(source.get("/q/health/live")).isEqualTo(200);
            }
        }
    }

    /** One HTTP/1.1 connection kept open between requests, as a pooling client keeps it. */
    static final class KeepAliveClient implements AutoCloseable {

        private final Socket socket;
        private final String host;

        KeepAliveClient(URI base) throws IOException {
            socket = new Socket(base.getHost(), base.getPort());
            socket.setSoTimeout(5_000);
            host = base.getHost() + ":" + base.getPort();
        }

        /** @return the status code, or -1 when the gateway closed the connection without answering */
        int get(String path) throws IOException {
            try {
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                String head = readHead(in);
                if (head == null) {
                    return -1;
                }
                int length = contentLength(head);
                if (in.readNBytes(length).length < length) {
                    return -1;
                }
                return Integer.parseInt(head.substring(9, 12));
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                return -1; // reset or broken pipe: closed by the gateway
            }
        }

        /** True once the gateway has closed this connection (end of stream), false while it is open. */
        boolean closedByServer() throws IOException {
            socket.setSoTimeout(200);
            try {
                return socket.getInputStream().read() == -1;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last4 = 0;
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                last4 = (last4 << 8) | b;
                if (last4 == 0x0D0A0D0A) { // CRLF CRLF ends the head
                    return head.toString(StandardCharsets.US_ASCII);
                }
            }
            return null;
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    return Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            return 0;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
