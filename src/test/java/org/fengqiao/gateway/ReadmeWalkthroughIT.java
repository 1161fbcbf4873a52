package org.fengqiao.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.fengqiao.gateway.support.GatewayProcess;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's walk-through as a reader does: the fenced {@code bash} blocks between the
 * markers {@code <!-- walkthrough:begin -->} and {@code <!-- walkthrough:end -->}, in order, in one
 * bash session in the project root, against the packaged jar started by the README's own command
 * (local mode, ports 8080, 9000 and 61616) and the simulators on 8089. It fails when a command
 * fails (the session runs with {@code set -e}) or when an answer the README shows is not seen:
 * each {@code # → ...} line under a command must appear in what its block printed, in order, with
 * {@code …} standing for any text (ids and times differ from run to run).
 *
 * <p>What the session does not run as written, and why:
 * <ul>
 * <li>lines starting {@code scripts/simulators.sh}: the test serves {@code mappings/} itself with
 * WireMock from the test dependencies on the same port, 8089, so that it needs no download while
 * the build runs and can read the simulator's request journal directly (the second check below);
 * <li>nothing else is skipped. The gateway's start line runs as written; the session's environment
 * only points {@code GATEWAY_DATA_DIR} at a fresh folder (the reader's is {@code ./data}), and a
 * trap stops the session's background jobs when it ends.
 * </ul>
 * Beyond the README's own checks, the test asks WireMock whether the hotline got the sign and the
 * result of this work order, so the walk-through cannot pass on a stale or mistyped expectation.
 * The README's ports are fixed: when one is taken, the test says which instead of running.
 */
class ReadmeWalkthroughIT {

    static final Path README = Path.of("README.md");
    static final String BEGIN = "<!-- walkthrough:begin -->";
    static final String END = "<!-- walkthrough:end -->";
    static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    static final Pattern EXPECTED = Pattern.compile("^# → (.*)$", Pattern.MULTILINE);
    static final String BLOCK_MARK = "@@@ walkthrough block ";
    static final int[] README_PORTS = {8080, 9000, 61616, 8089};

    @Test
    void theReadmeWalkThroughWorksWhenPastedInOrder() throws Exception {
        List<String> blocks = walkThroughBlocks(Files.readString(README));
        assertThat(blocks).as("bash blocks of the README's walk-through").hasSizeGreaterThanOrEqualTo(5);
        for (int port : README_PORTS) {
            assertPortFree(port);
        }
        assertThat(GatewayProcess.JAR).as("the packaged jar (mvn verify builds it)").exists();

        Path target = Path.of("target");
        Path dataDir = Files.createDirectories(target.resolve("it-data"))
                .resolve("readme-" + System.nanoTime());
        Path script = target.resolve("readme-walkthrough.sh");
        Path transcript = target.resolve("readme-walkthrough.out");
        Files.writeString(script, session(blocks, dataDir), StandardCharsets.UTF_8);

        WireMockServer simulators = new WireMockServer(WireMockConfiguration.options().port(8089)
                .bindAddress("127.0.0.1").usingFilesUnderDirectory("."));
        simulators.start();
        try {
            Process bash = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                    .redirectOutput(transcript.toFile()).start();
            if (!bash.waitFor(5, TimeUnit.MINUTES)) {
                bash.destroyForcibly().waitFor();
                fail("the walk-through did not finish within 5 minutes; see " + transcript);
            }
            String out = Files.readString(transcript, StandardCharsets.UTF_8);
            assertThat(bash.exitValue()).as("exit status of the walk-through session; its output:\n" + out)
                    .isZero();
            assertExpectedAnswers(blocks, out);

            assertThat(simulators.findAll(postRequestedFor(urlPathEqualTo("/open/workorder/sign"))))
                    .as("the hotline simulator got the sign").hasSize(1);
            assertThat(simulators.findAll(postRequestedFor(urlPathEqualTo("/open/workorder/feedback"))))
                    .as("the hotline simulator got the progress and the result")
                    .extracting(r -> r.getBodyAsString().contains("已办结")).containsExactly(false, true);
        } finally {
            simulators.stop();
            // The gateway's log joins the others that LogScanIT reads for personal data.
            Path log = target.resolve("gateway.log");
            if (Files.exists(log)) {
                Files.createDirectories(target.resolve("it-logs"));
                Files.copy(log, target.resolve("it-logs").resolve("readme-walkthrough.log"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The fenced bash blocks between the walk-through's markers, in order. */
    static List<String> walkThroughBlocks(String readme) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README marker " + BEGIN).isNotNegative();
        assertThat(end).as("README marker " + END + " after " + BEGIN).isGreaterThan(begin);
        Matcher m = BASH_BLOCK.matcher(readme.substring(begin, end));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** One bash session: the blocks in order, each announced so that its output can be told apart. */
    static String session(List<String> blocks, Path dataDir) {
        StringBuilder s = new StringBuilder();
        s.append("set -e\n");
        s.append("export GATEWAY_DATA_DIR='").append(dataDir.toAbsolutePath()).append("'\n");
        // SIGTERM to the gateway (a normal stop), then wait for it so the next test finds its ports free.
        s.append("trap 'kill $(jobs -p) 2>/dev/null || true; wait' EXIT\n");
        for (int i = 0; i < blocks.size(); i++) {
            s.append("echo '").append(BLOCK_MARK).append(i).append("'\n");
            for (String line : blocks.get(i).split("\n", -1)) {
                s.append(line.startsWith("scripts/simulators.sh") ? "# (run by the test) " + line : line)
                        .append('\n');
            }
        }
        return s.toString();
    }

    static void assertExpectedAnswers(List<String> blocks, String out) {
        for (int i = 0; i < blocks.size(); i++) {
            String output = blockOutput(out, i);
            int from = 0;
            Matcher expected = EXPECTED.matcher(blocks.get(i));
            while (expected.find()) {
                Matcher seen = toPattern(expected.group(1)).matcher(output);
                if (!seen.find(from)) {
                    fail("walk-through block " + (i + 1) + ": expected to see\n  " + expected.group(1)
                            + "\nafter position " + from + " of its output:\n" + output);
                }
                from = seen.end();
            }
        }
    }

    static String blockOutput(String out, int i) {
        int start = out.indexOf(BLOCK_MARK + i + "\n");
        assertThat(start).as("output of walk-through block " + (i + 1) + " in:\n" + out).isNotNegative();
        int next = out.indexOf(BLOCK_MARK + (i + 1) + "\n", start);
        return out.substring(start, next < 0 ? out.length() : next);
    }

    /** The README's expected line as a pattern: literal text, with "…" for anything on the line. */
    static Pattern toPattern(String expected) {
        StringBuilder regex = new StringBuilder();
        String[] parts = expected.split("…", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append("[^\\n]*?");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }

    static void assertPortFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            fail("port " + port + " of the README's walk-through is taken on this machine: stop what uses it"
                    + " (a gateway or WireMock started by hand?)");
        }
    }
}
