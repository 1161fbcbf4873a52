package org.fengqiao.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The police risk-control platform as the gateway's poller sees it (docs/contracts.md §Police
 * risk-control platform): pages of items after a cursor, and receipts. The bench releases items as
 * it goes (one for every three pushed cases, so police is a quarter of the mix) and notes when each
 * item was first handed out: a police case's end-to-end time runs from there to its arrival on the
 * handler queue.
 */
final class PolicePlatform implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor;
    private final List<Map<String, Object>> items = new ArrayList<>();
    private final AtomicInteger released = new AtomicInteger();
    private final AtomicLong pushedSinceRelease = new AtomicLong();
    /** jqbh -> System.nanoTime() of the first page that listed it. */
    final Map<String, Long> firstServed = new ConcurrentHashMap<>();
    final AtomicLong receipts = new AtomicLong();

    PolicePlatform() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/api/risk/disputes", this::handle);
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Called for each pushed case the gateway accepted: every third one releases a police item. */
    void pushedCaseAccepted() {
        if (pushedSinceRelease.incrementAndGet() % 3 == 0) {
            released.incrementAndGet();
        }
    }

    int released() {
        return released.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if ("POST".equals(exchange.getRequestMethod()) && path.endsWith("/receipt")) {
                exchange.getRequestBody().readAllBytes();
                receipts.incrementAndGet();
                reply(exchange, 200, "{\"code\":\"0\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            int since = query.containsKey("since") ? Integer.parseInt(query.get("since")) : 0;
            int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
            List<Map<String, Object>> page = page(since, limit);
            long now = System.nanoTime();
            for (Map<String, Object> item : page) {
                firstServed.putIfAbsent((String) item.get("jqbh"), now);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("items", page);
            body.put("nextCursor", String.valueOf(since + page.size()));
            reply(exchange, 200, JSON.writeValueAsBytes(body));
        }
    }

    private synchronized List<Map<String, Object>> page(int since, int limit) {
        int end = Math.min(released.get(), since + limit);
        while (items.size() < end) {
            items.add(Payloads.policeItem(items.size() + 1));
        }
        return since >= end ? List.of() : new ArrayList<>(items.subList(since, end));
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
