package org.fengqiao.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 connection kept open between requests, as a pooling client keeps it. */
public final class KeepAliveClient implements AutoCloseable {

    private final Socket socket;
    private final String host;

    public KeepAliveClient(URI base) throws IOException {
        this(base, null);
    }

    /** Connects from {@code from} (another loopback address, e.g. 127.0.0.2), or any local address when null. */
    public KeepAliveClient(URI base, InetAddress from) throws IOException {
        socket = new Socket(base.getHost(), base.getPort(), from, 0);
        socket.setSoTimeout(5_000);
        host = base.getHost() + ":" + base.getPort();
    }

    /** @return the status code, or -1 when the gateway closed the connection without answering */
    public int get(String path) throws IOException {
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
    public boolean closedByServer() throws IOException {
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
