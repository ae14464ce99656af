// YamlText: writes the converted configuration as Switchboard YAML — nested mappings, flow lists, safe scalars.
package dev.switchboard.proxy.pgbouncer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Mappings are written as blocks, lists in flow style (a user per line). A string is written plain only when YAML
 * reads it back as that same string; otherwise it is double-quoted. Every {@code ${} becomes {@code $${}, so a
 * password is never taken for an environment variable when Switchboard loads the file.
 */
final class YamlText {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./@-]*|[0-9]+(ms|s|m|h|d)");
    private static final Set<String> KEYWORDS = Set.of("true", "false", "yes", "no", "on", "off", "null", "y", "n");

    private final StringBuilder out = new StringBuilder();

    private YamlText() {
    }

    /** The document for a mapping whose values are mappings, lists, strings, numbers or booleans. */
    static String of(Map<String, Object> document) {
        YamlText yaml = new YamlText();
        yaml.mapping(document, 0);
        return yaml.out.toString();
    }

    @SuppressWarnings("unchecked")
    private void mapping(Map<String, Object> map, int indent) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            out.append("  ".repeat(indent)).append(scalar(e.getKey())).append(':');
            Object value = e.getValue();
            if (value instanceof Map<?, ?> nested) {
                out.append('\n');
                mapping((Map<String, Object>) nested, indent + 1);
            } else if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
                out.append('\n');
                for (Object item : list) {
                    out.append("  ".repeat(indent + 1)).append("- ").append(flow(item)).append('\n');
                }
            } else {
                out.append(' ').append(flow(value)).append('\n');
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static String flow(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder s = new StringBuilder("{ ");
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                s.append(first ? "" : ", ").append(scalar(e.getKey())).append(": ").append(flow(e.getValue()));
                first = false;
            }
            return s.append(" }").toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder s = new StringBuilder("[ ");
            for (int i = 0; i < list.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(flow(list.get(i)));
            }
            return s.append(list.isEmpty() ? "]" : " ]").toString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return scalar((String) value);
    }

    static String scalar(String text) {
        if (PLAIN.matcher(text).matches() && !KEYWORDS.contains(text.toLowerCase(Locale.ROOT))) {
            return text;
        }
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\t' -> s.append("\\t");
                case '$' -> s.append(i + 1 < text.length() && text.charAt(i + 1) == '{' ? "$$" : "$");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\x%02x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
