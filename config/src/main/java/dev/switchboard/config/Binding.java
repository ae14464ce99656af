// Reads scalar and list nodes as text, applying ${ENV} substitution and recording type errors.
package dev.switchboard.config;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Shared state of one load: where errors go and which environment substitutes {@code ${NAME}}. */
final class Binding {

    final Problems problems;
    private final Map<String, String> env;

    Binding(Problems problems, Map<String, String> env) {
        this.problems = problems;
        this.env = env;
    }

    /** True when the node is absent or an explicit YAML null ({@code ~}, {@code null}, nothing). */
    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode && Tag.NULL.equals(node.getTag()));
    }

    /** The value's text after substitution; null when absent, YAML null, or wrong (the error is recorded). */
    String text(Node node, String path) {
        if (isNull(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode)) {
            problems.add(node, path, "expected a single value, got " + describe(node));
            return null;
        }
        try {
            return EnvSubstitution.apply(((ScalarNode) node).getValue(), env);
        } catch (IllegalArgumentException e) {
            problems.add(node, path, e.getMessage());
            return null;
        }
    }

    /** The items of a list node; empty when absent or wrong (the error is recorded). */
    List<Node> items(Node node, String path) {
        if (isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode)) {
            problems.add(node, path, "expected a list, got " + describe(node));
            return List.of();
        }
        return ((SequenceNode) node).getValue();
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "a single value";
    }
}
