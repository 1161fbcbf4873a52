package org.fengqiao.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * Sustained intake at fixed concurrency (closed loop): N clients, each waiting for its answer on a
 * keep-alive connection, post signed cases of the three pushing sources in turn as fast as the gateway
 * answers; the police platform releases one item to the poller for every three accepted, so the
 * four sources are mixed. Only 2xx answers count. End-to-end time runs from the POST (for police:
 * from the page that first listed the item) to arrival on the handler queue. With several gateway
 * instances the cases go to them in turn, as a round-robin load balancer sends them.
 */
final class IntakeLoad {

    private IntakeLoad() {
    }

    static PhaseResult run(String baseUrl, HandlerQueues queues, PolicePlatform police, int connections,
            Duration warmup, Duration measure, CostWindow cost) throws Exception {
        return run(List.of(baseUrl), queues, police, connections, warmup, measure, cost);
    }

    static PhaseResult run(List<String> baseUrls, HandlerQueues queues, PolicePlatform police, int connections,
            Duration warmup, Duration measure, CostWindow cost) throws Exception {
        AtomicLong turn = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(connections);
        // N threads each waiting for its answer: the client's pool holds at most N keep-alive connections.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, Long> sent = new ConcurrentHashMap<>();
        AtomicLong refused = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + measure.toNanos();
        long[] receiptsAtWindow = new long[2];
        Histogram answers = Latencies.concurrentHistogram();
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            running.add(clients.submit(() -> {
                while (true) {
                    long now = System.nanoTime();
                    if (now >= windowEnd) {
                        return null;
                    }
                    Payloads.Case next = Payloads.nextPushed();
                    String baseUrl = baseUrls.get((int) (turn.getAndIncrement() % baseUrls.size()));
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + next.source().path))
                            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(next.body()));
                    next.signedHeaders().forEach(request::header);
                    try {
                        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        boolean inWindow = now >= windowStart;
                        if (response.statusCode() / 100 == 2) {
                            police.pushedCaseAccepted();
                            if (inWindow) {
                                Latencies.record(answers, now, System.nanoTime());
                                String location = response.headers().firstValue("Location").orElseThrow();
                                sent.put(location.substring(location.lastIndexOf('/') + 1), now);
                            }
                        } else {
                            Refusals.note(next, response.statusCode(), response.body());
                            if (inWindow) {
                                refused.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        if (now >= windowStart) {
                            errors.incrementAndGet();
                        }
                    }
                }
            }));
        }
        waitUntil(windowStart);
        receiptsAtWindow[0] = police.receipts.get();
        cost.begin();
        waitUntil(windowEnd);
        cost.end();
        receiptsAtWindow[1] = police.receipts.get();
        for (var future : running) {
            future.get();
        }
        clients.shutdown();

        Histogram latency = Latencies.histogram();
        long missing = Latencies.join(sent, queues.arrivals, latency);
        // Police items first listed in the window: from the page to the handler queue.
        Map<String, Long> policeSent = new ConcurrentHashMap<>();
        police.firstServed.forEach((jqbh, at) -> {
            if (at >= windowStart && at < windowEnd) {
                policeSent.put(jqbh, at);
            }
        });
        missing += Latencies.join(policeSent, queues.policeArrivals, latency);
        long policeAccepted = receiptsAtWindow[1] - receiptsAtWindow[0];
        long completed = sent.size() + policeAccepted;
        return PhaseResult.of(completed / (measure.toNanos() / 1e9), completed, refused.get(), errors.get(), missing,
                queues.duplicates.get(), latency, answers, cost);
    }

    static void waitUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 100)));
        }
    }
}
