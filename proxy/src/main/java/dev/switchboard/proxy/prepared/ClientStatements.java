// ClientStatements: the named prepared statements of one client session, mapped to their shared server statements.
package dev.switchboard.proxy.prepared;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one client session has prepared under its own names. Confined to the client's event loop: no locks.
 *
 * <p>The unnamed statement ({@code ""}) is never tracked: the caller passes unnamed Parse/Bind/Describe
 * through untouched, so {@link #put} and {@link #putIfAbsent} refuse it, and {@link #get}/{@link #contains}
 * simply never find it.
 *
 * <p>Each bound name counts as a use of its {@link ServerStatement}, which keeps the entry in the
 * {@link StatementRegistry}; the caller must therefore {@link #clear} a session's statements when the
 * client goes away (or runs {@code DISCARD ALL} / {@code DEALLOCATE ALL}), otherwise the registry keeps
 * those entries forever.
 */
public final class ClientStatements {

    // Empty and shared until the client's first named statement: thousands of idle clients hold no map.
    private Map<String, ServerStatement> byClientName = Collections.emptyMap();

    /**
     * Binds {@code clientName} to {@code statement}, replacing any existing binding of that name. This is a
     * plain replace: PostgreSQL answers a Parse of an existing named statement with ERROR 42P05
     * ({@code prepared statement "x" already exists}); a caller enforcing that uses {@link #putIfAbsent}.
     */
    public void put(String clientName, ServerStatement statement) {
        checkNamed(clientName);
        Objects.requireNonNull(statement, "statement");
        statement.bindClientName();
        ServerStatement previous = writable().put(clientName, statement);
        if (previous != null) {
            previous.unbindClientName();
        }
    }

    /**
     * Binds {@code clientName} to {@code statement} unless the name is already bound.
     *
     * @return true if bound; false if the name already exists (the caller answers 42P05) and nothing changed
     */
    public boolean putIfAbsent(String clientName, ServerStatement statement) {
        checkNamed(clientName);
        Objects.requireNonNull(statement, "statement");
        if (writable().putIfAbsent(clientName, statement) != null) {
            return false;
        }
        statement.bindClientName();
        return true;
    }

    /** The statement bound to {@code clientName}, or null if the client prepared no such name. */
    public ServerStatement get(String clientName) {
        return byClientName.get(clientName);
    }

    /** Unbinds {@code clientName} (client Close or DEALLOCATE); returns what it was bound to, or null. */
    public ServerStatement remove(String clientName) {
        ServerStatement removed = byClientName.remove(clientName);
        if (removed != null) {
            removed.unbindClientName();
        }
        return removed;
    }

    /** Unbinds every name: client disconnect, {@code DISCARD ALL}, {@code DEALLOCATE ALL}. */
    public void clear() {
        for (ServerStatement statement : byClientName.values()) {
            statement.unbindClientName();
        }
        byClientName.clear();
    }

    /** Whether the client has a statement under {@code clientName}. */
    public boolean contains(String clientName) {
        return byClientName.containsKey(clientName);
    }

    /** Each name the client bound, with the key of its statement. */
    public void forEach(java.util.function.BiConsumer<String, StatementKey> action) {
        byClientName.forEach((name, statement) -> action.accept(name, statement.key()));
    }

    /** How many names the client has bound. */
    public int size() {
        return byClientName.size();
    }

    private static void checkNamed(String clientName) {
        Objects.requireNonNull(clientName, "client statement name");
        if (clientName.isEmpty()) {
            throw new IllegalArgumentException(
                    "the unnamed prepared statement is passed through, never tracked in ClientStatements");
        }
    }

    private Map<String, ServerStatement> writable() {
        if (byClientName == Collections.<String, ServerStatement>emptyMap()) {
            byClientName = new HashMap<>();
        }
        return byClientName;
    }
}
