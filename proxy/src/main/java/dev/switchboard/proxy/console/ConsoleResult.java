// ConsoleResult: one SHOW's answer — its columns and rows — and how it goes on the wire.
package dev.switchboard.proxy.console;

import dev.switchboard.protocol.backend.CommandComplete;
import dev.switchboard.protocol.backend.DataRow;
import dev.switchboard.protocol.backend.RowDescription;
import io.netty.buffer.ByteBuf;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Rows hold Java values (String, Number, Instant, or null for NULL); every value goes out as text, as in PgBouncer. */
public final class ConsoleResult {
    /** PgBouncer's {@code %Y-%m-%d %H:%M:%S %Z}, in the process's time zone. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final List<Column> columns;
    private final List<List<Object>> rows = new ArrayList<>();
    private final String tag;

    public ConsoleResult(List<Column> columns) {
        this(columns, "SHOW");
    }

    /** Rows that answer a command other than SHOW, ending with that command's tag. */
    public ConsoleResult(List<Column> columns, String tag) {
        this.columns = columns;
        this.tag = tag;
    }

    /** Adds a row; it must have a value per column. */
    public ConsoleResult row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(values.length + " values for " + columns.size() + " columns");
        }
        rows.add(java.util.Arrays.asList(values));
        return this;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<List<Object>> rows() {
        return rows;
    }

    /** RowDescription, the DataRows and CommandComplete: {@code SHOW}, PgBouncer's tag for every SHOW, or the command's. */
    public void encode(ByteBuf out) {
        List<RowDescription.Field> fields = new ArrayList<>(columns.size());
        for (Column c : columns) {
            fields.add(RowDescription.Field.text(c.name(), c.type().oid()));
        }
        new RowDescription(fields).encode(out);
        for (List<Object> row : rows) {
            List<String> texts = new ArrayList<>(row.size());
            for (Object value : row) {
                texts.add(text(value));
            }
            DataRow.writeText(out, texts);
        }
        new CommandComplete(tag).encode(out);
    }

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return TIME.format(instant);
        }
        return value.toString();
    }
}
