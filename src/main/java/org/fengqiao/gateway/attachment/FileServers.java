package org.fengqiao.gateway.attachment;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The file servers of the sources that send files by reference, by source system id: declared by the
 * sources' definitions as they are read at start, consulted at intake and again before every fetch.
 */
@ApplicationScoped
public class FileServers {

    private final Map<String, FileServer> bySource = new ConcurrentHashMap<>();

    public void declare(FileServer server) {
        bySource.put(server.source(), server);
    }

    /** Empty when the source declares none (any more): its references are not fetched. */
    public Optional<FileServer> of(String source) {
        return Optional.ofNullable(source == null ? null : bySource.get(source));
    }
}
