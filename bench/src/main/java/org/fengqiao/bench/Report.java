package org.fengqiao.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Collects each figure once per repeat; prints min / median / max against the targets; writes JSON. */
final class Report {

    private record Row(String key, String label, String unit, String target, DoublePredicate met, String format) {
    }

    private static final List<Row> ROWS = new ArrayList<>();

    static {
        row("ready", "start to ready (JVM, fresh data folder)", "s", "< 3 s", v -> v < 3, "%.2f");
        for (int c : Bench.CONNECTIONS) {
            row("raw" + c + ".perSecond", "raw broker, durable send+consume, " + c + " conn", "msg/s", null, null, "%.0f");
            row("intake" + c + ".perSecond", "gateway intake, 4 sources, " + c + " conn", "cases/s", null, null, "%.0f");
            row("ratio" + c, "gateway / raw broker, " + c + " conn", "%", ">= 50 %", v -> v >= 0.5, "pct");
            row("raw" + c + ".p99", "raw broker send->arrival p99, " + c + " conn", "ms", null, null, "%.1f");
            row("intake" + c + ".p50", "gateway POST->handler queue p50, " + c + " conn", "ms", null, null, "%.1f");
            row("intake" + c + ".p99", "gateway POST->handler queue p99, " + c + " conn", "ms", null, null, "%.1f");
            row("intake" + c + ".answerP50", "gateway POST->2xx answer p50, " + c + " conn", "ms", null, null, "%.1f");
            row("intake" + c + ".answerP99", "gateway POST->2xx answer p99, " + c + " conn", "ms", null, null, "%.1f");
            row("raw" + c + ".gatewayCpuMs", "gateway process CPU per raw message, " + c + " conn", "ms", null, null,
                    "%.2f");
            row("intake" + c + ".gatewayCpuMs", "gateway process CPU per case, " + c + " conn", "ms", null, null, "%.2f");
            row("intake" + c + ".benchCpuMs", "bench's own CPU per case, " + c + " conn", "ms", null, null, "%.2f");
            row("raw" + c + ".machineCpuMs", "machine CPU per raw message, " + c + " conn", "ms", null, null, "%.2f");
            row("intake" + c + ".machineCpuMs", "machine CPU per case (all processes), " + c + " conn", "ms", null,
                    null, "%.2f");
            row("raw" + c + ".gatewayWrittenKb", "gateway process written per raw message, " + c + " conn", "KB",
                    null, null, "%.1f");
            row("intake" + c + ".gatewayWrittenKb", "gateway process written per case, " + c + " conn", "KB", null,
                    null, "%.1f");
        }
        for (int rate : Bench.RATES) {
            row("open" + rate + ".perSecond", "open loop " + rate + "/s: delivered", "cases/s", null, null, "%.0f");
            row("open" + rate + ".p50", "open loop " + rate + "/s: e2e p50", "ms", null, null, "%.1f");
            row("open" + rate + ".p99", "open loop " + rate + "/s: e2e p99", "ms", rate == 500 ? "< 50 ms" : null,
                    rate == 500 ? v -> v < 50 : null, "%.1f");
            row("open" + rate + ".p999", "open loop " + rate + "/s: e2e p99.9", "ms", null, null, "%.1f");
            row("open" + rate + ".answerP50", "open loop " + rate + "/s: POST->2xx answer p50", "ms", null, null, "%.1f");
            row("open" + rate + ".answerP99", "open loop " + rate + "/s: POST->2xx answer p99", "ms", null, null, "%.1f");
            row("open" + rate + ".gatewayWrittenKb", "open loop " + rate + "/s: gateway written per case", "KB", null,
                    null, "%.1f");
        }
        row("resolver", "jurisdiction resolution, 1 thread (JMH)", "addr/s", ">= 200,000", v -> v >= 200_000, "%,.0f");
        row("rssPeak", "resident memory, most during the run (VmHWM)", "MiB", null, null, "%.0f");
        row("rssLoaded", "resident memory at the end of the load", "MiB", null, null, "%.0f");
        row("rss", "resident memory after the run, 60 s idle", "MiB", "< 350 MiB", v -> v < 350, "%.0f");
        row("heapCommitted", "  of which heap committed (JVM's own figure)", "MiB", null, null, "%.0f");
        row("heapUsed", "  of which heap in use (live or not yet collected)", "MiB", null, null, "%.0f");
    }

    private static void row(String key, String label, String unit, String target, DoublePredicate met, String format) {
        ROWS.add(new Row(key, label, unit, target, met, format));
    }

    private final Bench.Settings settings;
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final Map<String, Object> notes = new LinkedHashMap<>();

    Report(Bench.Settings settings) {
        this.settings = settings;
    }

    void add(String key, double value) {
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    void note(String key, Object value) {
        notes.put(key, value);
    }

    void phase(String key, PhaseResult result) {
        add(key + ".perSecond", result.perSecond());
        add(key + ".p50", result.p50());
        add(key + ".p99", result.p99());
        add(key + ".p999", result.p999());
        if (!Double.isNaN(result.answerP50())) {
            add(key + ".answerP50", result.answerP50());
            add(key + ".answerP99", result.answerP99());
        }
        add(key + ".max", result.max());
        add(key + ".completed", result.completed());
        add(key + ".refused", result.refused());
        add(key + ".errors", result.errors());
        add(key + ".missing", result.missing());
        add(key + ".duplicates", result.duplicates());
        add(key + ".gatewayCpuMs", result.gatewayCpuMs());
        add(key + ".benchCpuMs", result.benchCpuMs());
        add(key + ".machineCpuMs", result.machineCpuMs());
        add(key + ".gatewayWrittenKb", result.gatewayWrittenKb());
    }

    static double[] minMedianMax(List<Double> list) {
        List<Double> sorted = new ArrayList<>(list);
        sorted.sort(Double::compare);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new double[] { sorted.get(0), median, sorted.get(n - 1) };
    }

    private static String format(Row row, double v) {
        return "pct".equals(row.format) ? String.format("%.0f %%", 100 * v) : String.format(row.format, v);
    }

    void print(PrintStream out) {
        out.println();
        out.printf("%-48s %10s %10s %10s  %-8s %-11s %s%n", "measure", "min", "median", "max", "unit", "target", "met");
        for (Row row : ROWS) {
            List<Double> list = values.get(row.key);
            if (list == null) {
                continue;
            }
            double[] m = minMedianMax(list);
            String met = row.met == null ? "" : row.met.test(m[1]) ? "yes" : "NO";
            out.printf("%-48s %10s %10s %10s  %-8s %-11s %s%n", row.label, format(row, m[0]), format(row, m[1]),
                    format(row, m[2]), row.unit, row.target == null ? "" : row.target, met);
        }
        long lost = 0;
        long twice = 0;
        long refused = 0;
        for (var entry : values.entrySet()) {
            long sum = entry.getValue().stream().mapToLong(Double::longValue).sum();
            if (entry.getKey().endsWith(".missing")) {
                lost += sum;
            } else if (entry.getKey().endsWith(".duplicates")) {
                twice += sum;
            } else if (entry.getKey().endsWith(".refused") || entry.getKey().endsWith(".errors")) {
                refused += sum;
            }
        }
        out.printf("%naccepted but never delivered: %d; delivered twice: %d; non-2xx answers or errors: %d%n", lost,
                twice, refused);
    }

    void writeJson(Path file) throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", settings.asMap());
        json.put("machine", machine());
        json.put("notes", notes);
        Map<String, Object> figures = new LinkedHashMap<>();
        for (Row row : ROWS) {
            List<Double> list = values.get(row.key);
            if (list == null) {
                continue;
            }
            double[] m = minMedianMax(list);
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("label", row.label);
            figure.put("unit", "pct".equals(row.format) ? "ratio" : row.unit);
            figure.put("min", m[0]);
            figure.put("median", m[1]);
            figure.put("max", m[2]);
            figure.put("values", list);
            if (row.target != null) {
                figure.put("target", row.target);
                figure.put("met", row.met.test(m[1]));
            }
            figures.put(row.key, figure);
        }
        json.put("figures", figures);
        json.put("all", values);
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    }

    static Map<String, Object> machine() throws Exception {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                machine.put("memoryGiB", Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0 * 10) / 10.0);
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                machine.put("cpu", line.substring(line.indexOf(':') + 1).trim());
                break;
            }
        }
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("brokerJournal", "NIO (the embedded broker's journal type)");
        return machine;
    }
}
