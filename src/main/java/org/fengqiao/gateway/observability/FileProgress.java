package org.fengqiao.gateway.observability;

/**
 * Told where a command's load of a file starts, then after every committed chunk: lines (or records)
 * done, loaded, rejected, and bytes read of the file. {@link ProgressBar} draws it; {@link #NONE}
 * is for a load nobody watches (the operator API's backfill).
 */
public interface FileProgress {

    FileProgress NONE = (done, loaded, rejected, bytesRead, bytesTotal) -> {
    };

    /** The lines done before this run (a resumed load skips them). */
    default void begin(long done) {
    }

    void update(long done, long loaded, long rejected, long bytesRead, long bytesTotal);
}
