package org.fengqiao.gateway.attachment;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A source's file server: the only place the gateway fetches the files that source sends by reference
 * from, and how. A URL is taken only when it lies under one of the configured prefixes (same scheme,
 * host and port, and a path below the prefix's), so a case cannot make the gateway call any other host
 * or any other path of the source's (SSRF).
 *
 * @param source        the source's system id, as its files are stored ({@code uploaded_by})
 * @param prefixes      absolute http(s) URLs ending with {@code /}
 * @param maxBytes      largest file taken from this source
 * @param timeout       for the connection, the answer's headers, and the whole body each
 * @param authorization the {@code Authorization} header the file server wants, or null
 */
public record FileServer(String source, List<URI> prefixes, long maxBytes, Duration timeout, String authorization) {

    /** Longest URL taken; longer ones are refused at intake. */
    public static final int MAX_URL = 2048;

    public FileServer {
        prefixes = List.copyOf(prefixes);
    }

    /**
     * The prefixes as configured; an {@link IllegalArgumentException} naming the first that is not an
     * absolute http(s) URL with a path ending in {@code /} and neither user, query nor fragment.
     */
    public static List<URI> prefixes(List<String> configured) {
        List<URI> out = new ArrayList<>();
        for (String text : configured) {
            URI uri;
            try {
                uri = new URI(text.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + text + "' is not a URL");
            }
            if (!isHttp(uri) || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || uri.getRawPath() == null || !uri.getRawPath().endsWith("/")
                    || !uri.normalize().equals(uri)) {
                throw new IllegalArgumentException("'" + text + "' must be an http(s) URL whose path ends with /,"
                        + " without user, query or fragment");
            }
            out.add(uri);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("names no URL");
        }
        return List.copyOf(out);
    }

    /** The URL to fetch, when the text is one under a prefix of this server; empty otherwise. */
    public Optional<URI> admit(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_URL || !url.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String path = uri.getRawPath();
        if (!isHttp(uri) || uri.getRawUserInfo() != null || uri.getRawFragment() != null || path == null
                || path.contains("\\")) {
            return Optional.empty();
        }
        // Dot segments, also encoded, or an encoded slash could climb out of the prefix on the server's side.
        String lower = path.toLowerCase(Locale.ROOT);
        if (!uri.normalize().getRawPath().equals(path) || lower.contains("%2e") || lower.contains("%2f")
                || lower.contains("%5c") || lower.contains("//")) {
            return Optional.empty();
        }
        for (URI prefix : prefixes) {
            if (prefix.getScheme().equalsIgnoreCase(uri.getScheme())
                    && prefix.getHost().equalsIgnoreCase(uri.getHost())
                    && port(prefix) == port(uri)
                    && path.startsWith(prefix.getRawPath()) && path.length() > prefix.getRawPath().length()) {
                return Optional.of(uri);
            }
        }
        return Optional.empty();
    }

    private static boolean isHttp(URI uri) {
        return uri.isAbsolute() && uri.getHost() != null
                && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    @Override
    public String toString() {
        // Never the credential.
        return "FileServer[" + source + ", " + prefixes + ", " + maxBytes + " bytes, " + timeout + "]";
    }
}
