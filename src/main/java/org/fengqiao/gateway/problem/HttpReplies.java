package org.fengqiao.gateway.problem;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Sets an HTTP answer on an exchange. Clears every other header first: platform-http would
 * otherwise copy request and internal headers into the response.
 */
public final class HttpReplies {

    private HttpReplies() {
    }

    public static Message reply(Exchange exchange, int status, String contentType, String body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType + ";charset=UTF-8");
        // Bytes, not a String: the platform default charset is not UTF-8 everywhere (Java 17). In a
        // ByteBuffer: platform-http writes it at once with its Content-Length; a byte[] it streams
        // through an InputStream, a worker thread and 8 KB buffers per answer.
        message.setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
        return message;
    }
}
