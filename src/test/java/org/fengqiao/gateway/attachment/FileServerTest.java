package org.fengqiao.gateway.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Which URLs a source's file server admits: only those under its prefixes, however a URL is dressed up. */
class FileServerTest {

    final FileServer server = new FileServer("GRID_WORKER",
            FileServer.prefixes(List.of("https://files.grid.example/reports/", "http://10.1.2.3:8080/f/")),
            1024, Duration.ofSeconds(5), null);

    @Test
    void urlsUnderAPrefixAreAdmitted() {
        assertThat(server.admit("https://files.grid.example/reports/2026/11/photo.jpg")).isPresent();
        assertThat(server.admit("https://FILES.grid.example:443/reports/a.jpg?token=x1")).isPresent();
        assertThat(server.admit("http://10.1.2.3:8080/f/%E7%85%A7%E7%89%87.jpg")).isPresent();
    }

    @Test
    void anythingElseIsNot() {
        for (String url : List.of(
                "https://files.grid.example/reports/",  // the prefix itself
                "https://files.grid.example/other/a.jpg",  // another path
                "https://files.grid.example/reportsX/a.jpg",  // a sibling that starts alike
                "http://files.grid.example/reports/a.jpg",  // another scheme
                "https://files.grid.example:8443/reports/a.jpg",  // another port
                "https://files.grid.example.evil.example/reports/a.jpg",  // another host
                "https://user@files.grid.example/reports/a.jpg",  // a user part
                "https://files.grid.example/reports/../admin/a.jpg",  // climbing out
                "https://files.grid.example/reports/./a.jpg",
                "https://files.grid.example/reports/%2e%2e/admin",  // climbing out, encoded
                "https://files.grid.example/reports/a%2f..%2fb",
                "https://files.grid.example/reports//a.jpg",
                "https://files.grid.example/reports/a.jpg#x",
                "https://files.grid.example/reports/a b.jpg",  // a space
                "http://10.1.2.3/f/a.jpg",  // default port, not 8080
                "file:///etc/passwd",
                "/reports/a.jpg",
                "https://files.grid.example/reports/" + "a".repeat(FileServer.MAX_URL))) {
            assertThat(server.admit(url)).as(url).isEmpty();
        }
    }

    @Test
    void aPrefixMustBeAnHttpFolder() {
        for (String prefix : List.of("https://files.grid.example/reports", "ftp://files.grid.example/",
                "https://files.grid.example/reports/?x=1", "https://u@files.grid.example/", "/reports/",
                "https://files.grid.example/a/../b/")) {
            assertThatThrownBy(() -> FileServer.prefixes(List.of(prefix))).as(prefix)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> FileServer.prefixes(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
