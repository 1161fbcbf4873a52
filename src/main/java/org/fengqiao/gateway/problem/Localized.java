package org.fengqiao.gateway.problem;

/** An exception whose problem detail is a {@link Text}, so that it can be answered in the client's language. */
public interface Localized {

    /** The detail; null when the exception has only an English message. */
    Text text();
}
