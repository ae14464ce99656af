// Column: one named, typed column of a console result.
package dev.switchboard.proxy.console;

/** A result column: its name as PgBouncer spells it and its type. */
public record Column(String name, ColumnType type) {

    public static Column text(String name) {
        return new Column(name, ColumnType.TEXT);
    }

    public static Column int4(String name) {
        return new Column(name, ColumnType.INT4);
    }

    public static Column numeric(String name) {
        return new Column(name, ColumnType.NUMERIC);
    }

    public static Column timestamp(String name) {
        return new Column(name, ColumnType.TIMESTAMP);
    }
}
