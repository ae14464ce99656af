// ExtensionValues: the text forms of extension values — switches and WAL positions with their timeline.
package dev.switchboard.proxy.extensions;

import dev.switchboard.topology.CommitToken;
import dev.switchboard.topology.Lsn;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code switch = on | off | true | false | yes | no | 1 | 0} (any case, PostgreSQL's booleans) and
 * {@code position = timeline "/" lsn}, the lsn as pg_lsn prints it ({@code 1/0/3000148}), and
 * {@code names = [name *("," name)]}, setting names as PostgreSQL spells them in SET.
 */
public final class ExtensionValues {
    private static final long MAX_TIMELINE = 0xFFFF_FFFFL;
    /** A setting name: an identifier, or a dotted custom name ({@code myapp.tenant}); never anything to quote. */
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_$]*(\\.[a-z_][a-z0-9_$]*)*");

    private ExtensionValues() {
    }

    /** The switch's value, or null when the text is not a switch. */
    public static Boolean parseSwitch(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1" -> Boolean.TRUE;
            case "off", "false", "no", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    public static String formatSwitch(boolean on) {
        return on ? "on" : "off";
    }

    /** A position; throws IllegalArgumentException when the text is not one. */
    public static CommitToken parsePosition(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash > 10) {
            throw new IllegalArgumentException("not a position: \"" + text + "\"");
        }
        long timeline = 0;
        for (int i = 0; i < slash; i++) {
            int digit = Character.digit(text.charAt(i), 10);
            if (digit < 0) {
                throw new IllegalArgumentException("not a position: \"" + text + "\"");
            }
            timeline = timeline * 10 + digit;
        }
        if (timeline < 1 || timeline > MAX_TIMELINE) {
            throw new IllegalArgumentException("timeline out of range: \"" + text + "\"");
        }
        String lsn = text.substring(slash + 1);
        if (lsn.indexOf('/') != lsn.lastIndexOf('/')) {
            throw new IllegalArgumentException("not a position: \"" + text + "\"");
        }
        return new CommitToken(Lsn.parse(lsn.isEmpty() ? "-" : lsn), (int) timeline);
    }

    /** {@code timeline/lsn}; the timeline is unsigned. */
    public static String formatPosition(CommitToken position) {
        return Integer.toUnsignedString(position.timeline()) + "/" + Lsn.format(position.lsn());
    }

    /**
     * A list of setting names: commas between them, blanks around them ignored, lower-cased (GUC names are
     * case-insensitive), duplicates dropped; throws IllegalArgumentException for a name that is none.
     */
    public static List<String> parseNames(String text) {
        Set<String> names = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty() && text.isBlank()) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a setting name: \"" + part.strip() + "\"");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /** The canonical list: comma-separated, no blanks. */
    public static String formatNames(List<String> names) {
        return String.join(",", names);
    }
}
