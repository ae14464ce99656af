// StatementKey: the identity of a prepared statement shared across clients — query text, parameter type OIDs, search_path.
package dev.switchboard.proxy.prepared;

import java.util.Arrays;
import java.util.Objects;

/**
 * Identity of a prepared statement across clients: the query text and the parameter type OIDs from Parse,
 * and the {@code search_path} the server runs it under.
 *
 * <p>Two Parse messages with the same text and the same type array (compared element by element, in
 * order and length) under the same search_path prepare the same statement, so they can share one
 * server-side name. The search_path belongs to the identity because the text alone does not say which
 * table {@code t} is: a server must never answer a client with a statement it analysed for another
 * client's schemas. It is compared as text, exactly as tracked ({@code null}: the server's default, from
 * the role and database). Arrays that
 * PostgreSQL would treat alike but that differ here (for example {@code []} and {@code [0]}, "unspecified")
 * are deliberately distinct keys: that costs a duplicate preparation at worst, never a wrong statement.
 *
 * <p>Immutable: the array is copied on the way in and on the way out, and the hash is computed once
 * because keys are looked up on every client Parse.
 */
public final class StatementKey {

    private static final int[] NO_TYPES = new int[0];
    /** How much of the query {@link #toString()} shows; keys end up in logs and queries can be huge. */
    private static final int SHOWN_QUERY_CHARS = 60;

    private final String query;
    private final int[] parameterTypes;
    private final String searchPath;
    private final int hash;

    /** A statement under the server's default search_path. */
    public StatementKey(String query, int[] parameterTypes) {
        this(query, parameterTypes, null);
    }

    /**
     * @param query the query text exactly as sent in Parse
     * @param parameterTypes the parameter type OIDs exactly as sent in Parse (may be empty)
     * @param searchPath the search_path the server runs the statement under, or null for the server's default
     */
    public StatementKey(String query, int[] parameterTypes, String searchPath) {
        this.query = Objects.requireNonNull(query, "statement key needs a query text");
        Objects.requireNonNull(parameterTypes, "statement key needs a parameter type array (empty if none)");
        this.parameterTypes = parameterTypes.length == 0 ? NO_TYPES : parameterTypes.clone();
        this.searchPath = searchPath;
        this.hash = 31 * (31 * query.hashCode() + Arrays.hashCode(this.parameterTypes)) + Objects.hashCode(searchPath);
    }

    /** The same text and types under another search_path. */
    public StatementKey withSearchPath(String otherPath) {
        return new StatementKey(query, parameterTypes, otherPath);
    }

    /** The query text. */
    public String query() {
        return query;
    }

    /** A copy of the parameter type OIDs. */
    public int[] parameterTypes() {
        return parameterTypes.length == 0 ? NO_TYPES : parameterTypes.clone();
    }

    /** The search_path, or null for the server's default. */
    public String searchPath() {
        return searchPath;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        // The hash check first: a cheap reject before comparing long query texts.
        return o instanceof StatementKey other
                && hash == other.hash
                && query.equals(other.query)
                && Arrays.equals(parameterTypes, other.parameterTypes)
                && Objects.equals(searchPath, other.searchPath);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        String shown = query.length() <= SHOWN_QUERY_CHARS ? query : query.substring(0, SHOWN_QUERY_CHARS) + "…";
        return "StatementKey[" + shown + ", types=" + Arrays.toString(parameterTypes)
                + (searchPath == null ? "" : ", search_path=" + searchPath) + "]";
    }
}
