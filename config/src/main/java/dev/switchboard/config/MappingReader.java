// Checked, keyed access to one YAML mapping: unknown and duplicate keys, merge keys, typed values.
package dev.switchboard.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One mapping of the file. Every getter returns the default when the key is absent or its value is wrong;
 * a wrong value's error has been recorded, so the caller can go on and find further errors.
 */
final class MappingReader {

    /** A key with its value; {@code keyNode} locates errors about the key itself. */
    record Entry(String key, Node keyNode, Node value) {
    }

    private static final int MAX_MERGE_DEPTH = 16;

    private final Binding binding;
    private final String path;
    private final int line;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    /** Set when the node was not a mapping: that error is reported, "required" errors would only add noise. */
    private boolean wrongType;

    private MappingReader(Binding binding, String path, int line) {
        this.binding = binding;
        this.path = path;
        this.line = line;
    }

    /**
     * Reads {@code node} as a mapping. {@code keys} lists the allowed keys, or is null for a mapping of
     * user-chosen names (clusters, databases). A missing or YAML-null node reads as an empty mapping.
     */
    static MappingReader of(Binding binding, Node node, String path, List<String> keys) {
        MappingReader reader = new MappingReader(binding, path, Problems.lineOf(node));
        if (Binding.isNull(node)) {
            return reader;
        }
        if (!(node instanceof MappingNode)) {
            binding.problems.add(node, path, "expected a mapping (key: value), got " + Binding.describe(node));
            reader.wrongType = true;
            return reader;
        }
        List<Entry> merged = new ArrayList<>();
        reader.collect((MappingNode) node, merged, 0);
        // Explicit keys win over merged ones; among merged mappings the first one listed wins (YAML merge spec).
        for (Entry e : merged) {
            reader.entries.putIfAbsent(e.key(), e);
        }
        if (keys != null) {
            reader.rejectUnknown(keys);
        }
        return reader;
    }

    private void collect(MappingNode node, List<Entry> merged, int depth) {
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (keyNode instanceof ScalarNode && Tag.MERGE.equals(keyNode.getTag())) {
                collectMerge(tuple.getValueNode(), merged, depth);
                continue;
            }
            if (!(keyNode instanceof ScalarNode)) {
                binding.problems.add(keyNode, path, "keys must be plain names, got " + Binding.describe(keyNode));
                continue;
            }
            String key = ((ScalarNode) keyNode).getValue();
            Entry previous = entries.putIfAbsent(key, new Entry(key, keyNode, tuple.getValueNode()));
            if (previous != null) {
                binding.problems.add(keyNode, child(path, key), "duplicate key (first defined at line "
                        + Problems.lineOf(previous.keyNode()) + ")");
            }
        }
    }

    private void collectMerge(Node value, List<Entry> merged, int depth) {
        if (depth >= MAX_MERGE_DEPTH) {
            binding.problems.add(value, path, "merge keys (<<) nested too deeply");
            return;
        }
        List<Node> sources = value instanceof SequenceNode ? ((SequenceNode) value).getValue() : List.of(value);
        for (Node source : sources) {
            if (!(source instanceof MappingNode)) {
                binding.problems.add(source, path, "a merge key (<<) needs a mapping or a list of mappings");
                continue;
            }
            MappingReader inner = new MappingReader(binding, path, line);
            inner.collect((MappingNode) source, merged, depth + 1);
            merged.addAll(inner.entries.values());
        }
    }

    private void rejectUnknown(List<String> keys) {
        for (Entry e : entries.values()) {
            if (keys.contains(e.key())) {
                continue;
            }
            Optional<String> suggestion = Suggestions.closest(e.key(), keys);
            String message = suggestion.map(s -> "unknown key; did you mean \"" + s + "\"?")
                    .orElseGet(() -> "unknown key; expected one of " + String.join(", ", keys));
            binding.problems.add(e.keyNode(), child(path, e.key()), message);
        }
    }

    /** Path of a child field: {@code parent.key}, the key quoted when it contains a dot or a space. */
    static String child(String parent, String key) {
        String k = key.contains(".") || key.contains(" ") || key.isEmpty() ? "\"" + key + "\"" : key;
        return parent.isEmpty() ? k : parent + "." + k;
    }

    String path() {
        return path;
    }

    String path(String key) {
        return child(path, key);
    }

    /** Line of the mapping itself; where "required" errors point. */
    int line() {
        return line;
    }

    Binding binding() {
        return binding;
    }

    /** Known keys in file order (merged keys after explicit ones). Only meaningful for maps of names. */
    Collection<Entry> entries() {
        return entries.values();
    }

    /** True when the node was present but not a mapping (already reported). */
    boolean wrongType() {
        return wrongType;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The value node, or null when the key is absent. */
    Node node(String key) {
        Entry e = entries.get(key);
        return e == null ? null : e.value();
    }

    /** True when the key is present with a non-null value. */
    boolean has(String key) {
        return !Binding.isNull(node(key));
    }

    String string(String key, String def) {
        String s = binding.text(node(key), path(key));
        return s == null ? def : s;
    }

    /** Records that a required key is absent (or null), pointing at its null value or at the mapping. */
    void missing(String key) {
        if (!wrongType) {
            binding.problems.add(entries.containsKey(key) ? Problems.lineOf(node(key)) : line, path(key), "required");
        }
    }

    /** A string that must be present and non-empty; null (after recording the error) otherwise. */
    String requiredString(String key) {
        if (!has(key)) {
            missing(key);
            return null;
        }
        String s = binding.text(node(key), path(key));
        if (s != null && s.isEmpty()) {
            binding.problems.add(node(key), path(key), "must not be empty");
            return null;
        }
        return s;
    }

    int integer(String key, int def, int min, int max) {
        String s = binding.text(node(key), path(key));
        if (s == null) {
            return def;
        }
        long v;
        try {
            v = Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return fail(key, "\"" + s + "\" is not an integer", def);
        }
        if (v > max && max == Integer.MAX_VALUE) {
            return fail(key, "must be at most " + max + ", got " + v, def);
        }
        return v < min || v > max ? fail(key, range(min, max) + ", got " + v, def) : (int) v;
    }

    int size(String key, int def, long min, long max) {
        String s = binding.text(node(key), path(key));
        if (s == null) {
            return def;
        }
        long v;
        try {
            v = Sizes.parse(s);
        } catch (IllegalArgumentException e) {
            return fail(key, e.getMessage(), def);
        }
        if (v < min) {
            return fail(key, "must be at least " + min + " bytes, got " + v + " bytes", def);
        }
        return v > max ? fail(key, "must be at most " + max + " bytes, got " + v + " bytes", def) : (int) v;
    }

    /** {@code true} or {@code false} (also {@code True}, {@code TRUE}, as YAML writes them); nothing else. */
    boolean bool(String key, boolean def) {
        String s = binding.text(node(key), path(key));
        if (s == null) {
            return def;
        }
        switch (s.strip()) {
            case "true": case "True": case "TRUE": return true;
            case "false": case "False": case "FALSE": return false;
            default: return fail(key, "expected true or false, got \"" + s + "\"", def);
        }
    }

    /** A duration; {@code positive} refuses 0 (used where 0 cannot mean "disabled"). */
    Duration duration(String key, Duration def, boolean positive) {
        String s = binding.text(node(key), path(key));
        if (s == null) {
            return def;
        }
        try {
            Duration d = Durations.parse(s);
            if (positive && d.isZero()) {
                return fail(key, "must be greater than 0", def);
            }
            return d;
        } catch (IllegalArgumentException e) {
            return fail(key, e.getMessage(), def);
        }
    }

    /** One of the enum's constants, spelt in lower case with '-' for '_'. */
    <E extends Enum<E>> E choice(String key, E[] values, E def) {
        String s = binding.text(node(key), path(key));
        if (s == null) {
            return def;
        }
        for (E v : values) {
            if (yamlName(v).equals(s)) {
                return v;
            }
        }
        String expected = Arrays.stream(values).map(MappingReader::yamlName).collect(Collectors.joining(", "));
        return fail(key, "unknown value \"" + s + "\"; expected one of " + expected, def);
    }

    Path filePath(String key) {
        String s = binding.text(node(key), path(key));
        if (s == null) {
            return null;
        }
        if (s.isEmpty()) {
            return fail(key, "must not be empty", null);
        }
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            return fail(key, "invalid path: " + e.getReason(), null);
        }
    }

    /** Records an error on the key's value and returns the fallback. */
    <T> T fail(String key, String message, T fallback) {
        binding.problems.add(node(key) != null ? Problems.lineOf(node(key)) : line, path(key), message);
        return fallback;
    }

    static String yamlName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String range(int min, int max) {
        return max == Integer.MAX_VALUE ? "must be at least " + min : "must be between " + min + " and " + max;
    }
}
