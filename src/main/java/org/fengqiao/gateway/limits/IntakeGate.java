package org.fengqiao.gateway.limits;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;
import org.apache.camel.Exchange;
import org.eclipse.microprofile.config.Config;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.PayloadTooLargeException;
import org.fengqiao.gateway.problem.RateLimitedException;
import org.fengqiao.gateway.problem.Text;

/**
 * The first step of every pushed request, before its body is parsed: the source's rate limit, its
 * body size limit, and strict UTF-8. A source route calls {@code admit('<name>', *)}; the name picks
 * {@code gateway.sources.<name>.max-body-size}, {@code .rate-limit} and {@code .rate-burst}, each
 * falling back to {@code gateway.limits.*}.
 *
 * <p>The rate limit is a token bucket per source (SmallRye Fault Tolerance's smooth rate limit): it
 * holds {@code rate-burst} requests and refills at {@code rate-limit} per second. A source that is
 * rate-limited or too large is refused here, so nothing downstream (ledger, broker) sees it.
 */
@ApplicationScoped
@Named("intakeGate")
public class IntakeGate {

    static final String DEFAULTS = "gateway.limits.";

    @Inject
    Config config;

    private final Map<String, Limits> limits = new ConcurrentHashMap<>();

    /** The limits of one source, read once; the bucket lives as long as the gateway. */
    record Limits(long maxBodyBytes, double ratePerSecond, int burst, Guard bucket) {
    }

    public void admit(String source, Exchange exchange) {
        Limits of = limits.computeIfAbsent(source, this::read);
        takeToken(source, of);
        var message = exchange.getMessage();
        Long declared = message.getHeader("Content-Length", Long.class);
        if (declared != null && declared > of.maxBodyBytes()) {
            throw tooLarge(source, of);
        }
        byte[] body = message.getBody(byte[].class);
        // A chunked body has no Content-Length: its size counts once read (the global limit bounds that).
        if (body != null && body.length > of.maxBodyBytes()) {
            throw tooLarge(source, of);
        }
        message.setBody(body == null ? "" : strictUtf8(body));
    }

    /** The source's body size limit in bytes ({@code gateway.sources.<name>.max-body-size}, else the default). */
    public long maxBodyBytes(String source) {
        return limits.computeIfAbsent(source, this::read).maxBodyBytes();
    }

    private static void takeToken(String source, Limits of) {
        if (of.bucket() == null) {
            return;
        }
        try {
            of.bucket().call(() -> Boolean.TRUE, Boolean.class);
        } catch (RateLimitException e) {
            throw new RateLimitedException(new Text("limits.rate", source, of.ratePerSecond(), of.burst()),
                    Duration.ofMillis(Math.max(1, e.getRetryAfterMillis())));
        } catch (Exception e) {
            throw new IllegalStateException("rate limit check failed", e);
        }
    }

    private static PayloadTooLargeException tooLarge(String source, Limits of) {
        return new PayloadTooLargeException(new Text("limits.body", of.maxBodyBytes(), source), of.maxBodyBytes());
    }

    /**
     * The body as text only if it is valid UTF-8: a lenient decoder would store U+FFFD in place of the
     * broken bytes and accept a payload nobody sent. A leading byte order mark is dropped.
     */
    public static String strictUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new InvalidRequestException("$", new Text("payload.utf8", in.position()));
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private Limits read(String source) {
        String prefix = "gateway.sources." + source + ".";
        long maxBody = config.getOptionalValue(prefix + "max-body-size", MemorySize.class)
                .or(() -> config.getOptionalValue(DEFAULTS + "max-body-size", MemorySize.class))
                .map(MemorySize::asLongValue).orElse(64L * 1024);
        double rate = config.getOptionalValue(prefix + "rate-limit", Double.class)
                .or(() -> config.getOptionalValue(DEFAULTS + "rate-limit", Double.class)).orElse(0.0);
        int burst = config.getOptionalValue(prefix + "rate-burst", Integer.class)
                .or(() -> config.getOptionalValue(DEFAULTS + "rate-burst", Integer.class)).orElse(1);
        if (rate <= 0) {
            return new Limits(maxBody, 0, 0, null);
        }
        int capacity = Math.max(1, burst);
        // A smooth window of `capacity` permits refills one permit every window / capacity: rate per second.
        long windowMillis = Math.max(1, Math.round(capacity * 1000 / rate));
        Guard bucket = Guard.create()
                .withDescription("intake rate limit of " + source)
                .withRateLimit().limit(capacity).window(windowMillis, ChronoUnit.MILLIS).type(RateLimitType.SMOOTH).done()
                .build();
        return new Limits(maxBody, rate, capacity, bucket);
    }
}
