// Identifiers: PostgreSQL's identifier rules — case folding, 63-byte truncation and quote_identifier.
package dev.switchboard.proxy.sql;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Identifier handling that must match the server's, so names the proxy tracks compare equal to the server's. */
final class Identifiers {
    /** NAMEDATALEN - 1: the scanner truncates longer identifiers. */
    static final int MAX_BYTES = 63;

    /** Reserved keywords: never a name unless quoted. */
    private static final Set<String> RESERVED = Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case",
            "cast", "check", "collate", "column", "constraint", "create", "current_catalog", "current_date",
            "current_role", "current_time", "current_timestamp", "current_user", "default", "deferrable",
            "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "from",
            "grant", "group", "having", "in", "initially", "intersect", "into", "lateral", "leading", "limit",
            "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing",
            "primary", "references", "returning", "select", "session_user", "some", "symmetric",
            "system_user", "table", "then", "to", "trailing", "true", "union", "unique", "user", "using",
            "variadic", "when", "where", "window", "with");

    /**
     * The other keywords quote_identifier() quotes (type/function-name and column-name keywords). An unquoted
     * value such as {@code user} in a list GUC must be written back quoted, as the server does.
     */
    private static final Set<String> OTHER_QUOTED_KEYWORDS = Set.of(
            // type or function name
            "authorization", "binary", "collation", "concurrently", "cross", "current_schema", "freeze",
            "full", "ilike", "inner", "is", "isnull", "join", "left", "like", "natural", "notnull", "outer",
            "overlaps", "right", "similar", "tablesample", "verbose",
            // column name
            "between", "bigint", "bit", "boolean", "char", "character", "coalesce", "dec", "decimal",
            "exists", "extract", "float", "greatest", "grouping", "inout", "int", "integer", "interval",
            "json", "json_array", "json_arrayagg", "json_exists", "json_object", "json_objectagg",
            "json_query", "json_scalar", "json_serialize", "json_table", "json_value", "least",
            "merge_action", "national", "nchar", "none", "normalize", "nullif", "numeric", "out", "overlay",
            "position", "precision", "real", "row", "setof", "smallint", "substring", "time", "timestamp",
            "treat", "trim", "values", "varchar", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
            "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable");

    private Identifiers() {
    }

    /** True for a reserved keyword, given in lower case. */
    static boolean isReserved(String lowerWord) {
        return RESERVED.contains(lowerWord);
    }

    /** Lower-cases ASCII letters only, as the scanner's downcase_identifier does in a multi-byte encoding. */
    static String lowerAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] = (char) (chars[j] + ('a' - 'A'));
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }

    /** Cuts an identifier to 63 UTF-8 bytes without splitting a character, like the server's truncate_identifier. */
    static String truncate(String s) {
        // Every char is at most 3 UTF-8 bytes (a surrogate pair is 4 bytes for 2 chars).
        if (s.length() * 3 <= MAX_BYTES || s.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return s;
        }
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + width > MAX_BYTES) {
                break;
            }
            bytes += width;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    /** The server's quote_identifier(): double quotes unless the name is a plain lower-case non-keyword. */
    static String quote(String name) {
        boolean safe = !name.isEmpty();
        for (int i = 0; i < name.length() && safe; i++) {
            char c = name.charAt(i);
            safe = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
        }
        if (safe && !RESERVED.contains(name) && !OTHER_QUOTED_KEYWORDS.contains(name)) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name.length() + 2).append('"');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"') {
                sb.append('"');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
