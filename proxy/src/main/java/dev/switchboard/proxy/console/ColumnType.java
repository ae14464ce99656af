// ColumnType: the types of the console's result columns, as PgBouncer's RowDescription codes name them.
package dev.switchboard.proxy.console;

/**
 * PgBouncer writes every value as text and labels the column with one of these OIDs; a timestamp goes out as text
 * ({@code YYYY-MM-DD HH:MM:SS TZ}), so its column is text too.
 */
public enum ColumnType {
    /** PgBouncer's {@code s}. */
    TEXT(25),
    /** PgBouncer's {@code i}. */
    INT4(23),
    /** PgBouncer's {@code q}. */
    INT8(20),
    /** PgBouncer's {@code N}: the statistics, which outgrow int8's reach in no real deployment but were widened anyway. */
    NUMERIC(1700),
    /** PgBouncer's {@code T}: a point in time written as text. */
    TIMESTAMP(25);

    private final int oid;

    ColumnType(int oid) {
        this.oid = oid;
    }

    /** The pg_type OID in the RowDescription. */
    public int oid() {
        return oid;
    }
}
