package org.fengqiao.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * Latency at a fixed arrival rate (open loop): cases are due at start + i / rate whether or not
 * earlier ones have been answered, and each case's time is counted from when it was due, not from
 * when it could be sent, so a stall shows in the figures instead of slowing the load down
 * (no coordinated omission). Pushed sources only: the police platform is polled, so its rate is the
 * gateway's to choose. With several gateway instances the cases go to them in turn (round robin).
 */
final class OpenLoopLoad {

    private OpenLoopLoad() {
    }

    static PhaseResult run(String baseUrl, HandlerQueues queues, int perSecond, Duration warmup, Duration measure,
            CostWindow cost)
            throws Exception {
        return run(List.of(baseUrl), queues, perSecond, warmup, measure, cost);
    }

    static PhaseResult run(List<String> baseUrls, HandlerQueues queues, int perSecond, Duration warmup,
            Duration measure, CostWindow cost) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, Long> due = new ConcurrentHashMap<>();
        AtomicLong refused = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Histogram answers = Latencies.concurrentHistogram();
        Tally tally = new Tally(due, refused, errors, answers);
        long total = perSecond * (warmup.toSeconds() + measure.toSeconds());
        long warmupCount = perSecond * warmup.toSeconds();
        CountDownLatch answered = new CountDownLatch((int) total);
        double interval = 1e9 / perSecond;
        long start = System.nanoTime() + 10_000_000;
        for (long i = 0; i < total; i++) {
            long dueAt = start + (long) (i * interval);
            long wait;
            while ((wait = dueAt - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean measured = i >= warmupCount;
            if (i == warmupCount) {
                cost.begin();
            }
            post(http, baseUrls.get((int) (i % baseUrls.size())), dueAt, measured ? tally : null, answered::countDown);
        }
        cost.end();
        answered.await();
        Histogram latency = Latencies.histogram();
        long missing = Latencies.join(due, queues.arrivals, latency);
        long completed = due.size() - missing;
        return PhaseResult.of(completed / (measure.toNanos() / 1e9), completed, refused.get(), errors.get(), missing,
                queues.duplicates.get(), latency, answers, cost);
    }

    /**
     * The same open loop for as long as {@code going} says (a run of something else beside the load,
     * whose length is not known beforehand): every case after {@code warmup} is measured.
     */
    static PhaseResult runWhile(String baseUrl, HandlerQueues queues, int perSecond, Duration warmup,
            java.util.function.BooleanSupplier going, CostWindow cost) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, Long> due = new ConcurrentHashMap<>();
        AtomicLong refused = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong outstanding = new AtomicLong();
        Histogram answers = Latencies.concurrentHistogram();
        Tally tally = new Tally(due, refused, errors, answers);
        long warmupCount = perSecond * warmup.toSeconds();
        double interval = 1e9 / perSecond;
        long start = System.nanoTime() + 10_000_000;
        long measuredFrom = 0;
        long i = 0;
        for (; i < warmupCount || going.getAsBoolean(); i++) {
            long dueAt = start + (long) (i * interval);
            long wait;
            while ((wait = dueAt - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean measured = i >= warmupCount;
            if (i == warmupCount) {
                cost.begin();
                measuredFrom = dueAt;
            }
            outstanding.incrementAndGet();
            post(http, baseUrl, dueAt, measured ? tally : null,
                    outstanding::decrementAndGet);
        }
        double measuredSeconds = Math.max(1e-9, (start + (long) (i * interval) - measuredFrom) / 1e9);
        cost.end();
        while (outstanding.get() > 0) {
            Thread.sleep(10);
        }
        Histogram latency = Latencies.histogram();
        long missing = Latencies.join(due, queues.arrivals, latency);
        long completed = due.size() - missing;
        return PhaseResult.of(completed / measuredSeconds, completed, refused.get(), errors.get(), missing,
                queues.duplicates.get(), latency, answers, cost);
    }

    /** Where a measured case's answer is counted. */
    private record Tally(Map<String, Long> due, AtomicLong refused, AtomicLong errors, Histogram answers) {
    }

    /**
     * Posts the next pushed case, due at {@code dueAt}; its answer goes to {@code tally} (none while
     * warming up), then {@code done} runs whatever the answer.
     */
    private static void post(HttpClient http, String baseUrl, long dueAt, Tally tally, Runnable done) {
        Payloads.Case next = Payloads.nextPushed();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + next.source().path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(next.body()));
        next.signedHeaders().forEach(request::header);
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            try {
                if (tally == null) {
                    return;
                }
                if (failure != null) {
                    tally.errors().incrementAndGet();
                } else if (response.statusCode() / 100 == 2) {
                    Latencies.record(tally.answers(), dueAt, System.nanoTime());
                    String location = response.headers().firstValue("Location").orElseThrow();
                    tally.due().put(location.substring(location.lastIndexOf('/') + 1), dueAt);
                } else {
                    Refusals.note(next, response.statusCode(), response.body());
                    tally.refused().incrementAndGet();
                }
            } finally {
                done.run();
            }
        });
    }
}
