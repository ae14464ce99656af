// ReportedParameters: the settings a client asked to hear of (report_parameters), and the values it was last told.
package dev.switchboard.proxy.extensions;

import dev.switchboard.protocol.backend.ParameterStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PostgreSQL reports its own GUC_REPORT settings; for the other names a client lists in {@code report_parameters}
 * the proxy asks the server ({@code current_setting(name, true)}, the text SHOW prints) at startup and after each
 * request that may have changed a setting (SET, RESET, RESET ALL, DISCARD ALL, set_config), and tells the client
 * the values that differ from what it was last told. Names the server reports itself are left to the server, so
 * that a value never reaches the client twice. A name the server does not know (current_setting answers null) is
 * not reported. Confined to the client's event loop.
 */
public final class ReportedParameters {
    /** One read of the watched settings: the query, and the names its one row answers in order. */
    public record Read(String sql, List<String> names) {
    }

    /** What the client was last told, by name; empty and shared until the first report (most clients ask for none). */
    private Map<String, String> told = Collections.emptyMap();
    private final List<ParameterStatus> due = new ArrayList<>();
    /** Something may have changed a listed setting since the last read; true at first, for the startup values. */
    private boolean readDue = true;

    /** A request may have changed a setting, or the list itself changed: read again at the next chance. */
    void mayHaveChanged() {
        readDue = true;
    }

    /**
     * The query reading the listed settings the server does not report itself, when a read is due; null otherwise.
     *
     * @param list           the client's current {@code report_parameters} value (canonical: lower case, commas)
     * @param serverReported the names the server reports itself (ParameterStatus), any case
     */
    Read read(String list, Set<String> serverReported) {
        if (!readDue) {
            return null;
        }
        readDue = false;
        List<String> names = new ArrayList<>(list.isEmpty() ? List.of() : ExtensionValues.parseNames(list));
        Set<String> reportedByServer = serverReported.stream().map(n -> n.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        names.removeIf(reportedByServer::contains);
        told.keySet().retainAll(names); // a name taken off and put back is told again
        if (names.isEmpty()) {
            return null;
        }
        // The names match ExtensionValues' grammar: nothing in them needs quoting.
        return new Read(names.stream().map(n -> "current_setting('" + n + "', true)")
                .collect(Collectors.joining(", ", "SELECT ", "")), List.copyOf(names));
    }

    /** {@code read} was answered with {@code row} (null when it failed): what changed becomes due. */
    void answered(Read read, List<String> row) {
        List<String> names = read.names();
        if (row == null || row.size() != names.size()) {
            readDue = true; // e.g. read inside a failed transaction block: again after the next request
            return;
        }
        for (int i = 0; i < names.size(); i++) {
            String value = row.get(i);
            if (value != null && !value.equals(told.get(names.get(i)))) {
                if (told.isEmpty()) {
                    told = new HashMap<>(); // the first report (an emptied map may as well be made again)
                }
                told.put(names.get(i), value);
                due.add(new ParameterStatus(names.get(i), value));
            }
        }
    }

    /** The reports due, in the order of the list; the caller writes them. */
    List<ParameterStatus> takeDue() {
        if (due.isEmpty()) {
            return List.of();
        }
        List<ParameterStatus> out = List.copyOf(due);
        due.clear();
        return out;
    }
}
