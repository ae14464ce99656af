// Outcome: what one side (proxy or direct) answered to one step, normalized so the two can be compared.
package dev.switchboard.proxy.it.stress;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.BatchUpdateException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * {@code text} is compared; {@code detail} (an error's message, or what the twin alone reports) is not. Results
 * larger than a few rows are reduced to their row count and a digest of every value, so a multi-MB
 * answer costs no memory to compare.
 */
record Outcome(String text, String detail) {
    private static final int SHOWN_ROWS = 20;

    static Outcome of(String text) {
        return new Outcome(text, "");
    }

    static Outcome error(SQLException e) {
        String state = e.getSQLState();
        String counts = e instanceof BatchUpdateException b ? " counts " + Arrays.toString(b.getUpdateCounts()) : "";
        return new Outcome("ERROR " + state + counts, String.valueOf(e.getMessage()));
    }

    /** Every result of {@code st.execute(sql)}: result sets (labels and rows) and update counts, in order. */
    static Outcome execute(Statement st, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        boolean isResultSet = st.execute(sql);
        while (true) {
            if (isResultSet) {
                try (ResultSet rs = st.getResultSet()) {
                    out.append(rows(rs)).append("; ");
                }
            } else {
                int count = st.getUpdateCount();
                if (count == -1) {
                    break;
                }
                out.append("count ").append(count).append("; ");
            }
            isResultSet = st.getMoreResults();
        }
        return of(out.toString());
    }

    /** Column labels and rows; beyond {@value #SHOWN_ROWS} rows only the count and a SHA-256 of all values. */
    static String rows(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        StringBuilder shown = new StringBuilder("[");
        for (int c = 1; c <= md.getColumnCount(); c++) {
            shown.append(c > 1 ? "," : "").append(md.getColumnLabel(c));
        }
        shown.append("]");
        MessageDigest digest = sha256();
        int n = 0;
        while (rs.next()) {
            StringBuilder row = new StringBuilder("(");
            for (int c = 1; c <= md.getColumnCount(); c++) {
                row.append(c > 1 ? "|" : "").append(rs.getString(c));
            }
            row.append(")");
            digest.update(row.toString().getBytes(StandardCharsets.UTF_8));
            if (n < SHOWN_ROWS) {
                shown.append(row);
            }
            n++;
        }
        return n <= SHOWN_ROWS ? shown.toString()
                : shown + "... " + n + " rows sha256 " + HexFormat.of().formatHex(digest.digest());
    }

    static String digestOf(byte[] bytes) {
        return bytes.length + " bytes sha256 " + HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return detail.isEmpty() ? text : text + " (" + detail + ")";
    }
}
