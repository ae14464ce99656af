// ServerStatement: one distinct statement and the server-side name every server connection prepares it under.
package dev.switchboard.proxy.prepared;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One distinct statement and the name it is prepared under on every server connection ({@code "sb_"} plus
 * a base-36 counter, e.g. {@code "sb_1f"}). Created only by {@link StatementRegistry#intern}; names come
 * from one process-wide counter and are never reused, so a name always means the same key.
 *
 * <p>The key and the name are immutable. Equality is identity: two instances with the same key but
 * different names (possible after the registry dropped an entry) are different statements on a server.
 *
 * <p>The one piece of mutable state is a package-private count of client name bindings, kept by
 * {@link ClientStatements}; the registry reads it to decide which entries are in use. It does not take
 * part in equality and is not visible outside this package.
 */
public final class ServerStatement {

    private final StatementKey key;
    private final String serverName;
    /** Client names currently bound to this statement, across all sessions (hence atomic). */
    private final AtomicInteger clientBindings = new AtomicInteger();

    ServerStatement(StatementKey key, String serverName) {
        this.key = Objects.requireNonNull(key, "key");
        this.serverName = Objects.requireNonNull(serverName, "serverName");
    }

    /** The query text and parameter types this statement was interned for. */
    public StatementKey key() {
        return key;
    }

    /** The name to use in Parse, Bind, Describe and Close sent to a server. */
    public String serverName() {
        return serverName;
    }

    void bindClientName() {
        clientBindings.incrementAndGet();
    }

    void unbindClientName() {
        int left = clientBindings.decrementAndGet();
        if (left < 0) {
            // Only ClientStatements calls this, once per binding it holds; below zero is a bookkeeping bug.
            clientBindings.incrementAndGet();
            throw new IllegalStateException("statement " + serverName + " unbound more often than bound");
        }
    }

    /** Whether some client session currently holds this statement under one of its names. */
    boolean inUseByClients() {
        return clientBindings.get() > 0;
    }

    @Override
    public String toString() {
        return serverName + "=" + key;
    }
}
