package org.fengqiao.gateway.ledger;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;

/**
 * Makes a committed write to the embedded H2 ledger reach its file before the caller goes on.
 *
 * <p>H2 writes changes to its file in two ways: at every commit (WRITE_DELAY=0), or from a
 * background thread every half second, which also compacts the file. Writing at every commit
 * alone never compacts (H2 issue #442): every commit leaves a chunk that stays partly live, so the
 * file grew by tens of kilobytes per dispute without end and the chunk index with it on the heap.
 * So the ledger keeps the background thread and, when a connection that wrote is closed, stores
 * the changes at once and syncs the file ({@code CHECKPOINT SYNC}): a dispute answered 202 or an
 * action answered 200 is on the disk even if the process is killed or the machine loses power the
 * next moment, as the broker's journal is. (Stored without the sync, the changes sat in the page
 * cache until the kernel wrote them out 30 s later, up to a gigabyte at once under load, and the
 * broker's journal syncs on the same disk waited behind those writes: BENCHMARKS.md.)
 *
 * <p>A connection wrote if it prepared an insert, update, delete or merge; reads close without a
 * store, so they add no file writes. Hand-written because neither H2 nor the pool offers a hook
 * that knows whether a returned connection changed anything.
 */
final class EmbeddedWrites implements InvocationHandler {

    private final Connection connection;
    private boolean wrote;

    private EmbeddedWrites(Connection connection) {
        this.connection = connection;
    }

    static Connection flushedOnClose(Connection connection) {
        return (Connection) Proxy.newProxyInstance(EmbeddedWrites.class.getClassLoader(),
                new Class<?>[] { Connection.class }, new EmbeddedWrites(connection));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "prepareStatement" -> wrote |= isWrite((String) args[0]);
            case "close" -> {
                if (wrote && !connection.isClosed()) {
                    wrote = false;
                    try (Statement store = connection.createStatement()) {
                        store.execute("CHECKPOINT SYNC");
                    }
                }
            }
            default -> {
            }
        }
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static boolean isWrite(String sql) {
        String verb = sql.stripLeading();
        verb = verb.substring(0, Math.min(6, verb.length())).toLowerCase(Locale.ROOT);
        return verb.startsWith("insert") || verb.startsWith("update") || verb.startsWith("delete")
                || verb.startsWith("merge");
    }
}
