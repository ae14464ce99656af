// Collects configuration errors, with their lines, while a file is being bound.
package dev.switchboard.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Error collector: binding goes on after an error so that one run reports every problem. */
final class Problems {

    private final String source;
    private final List<ConfigError> errors = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    void add(Node node, String field, String message) {
        add(lineOf(node), field, message);
    }

    void add(int line, String field, String message) {
        errors.add(new ConfigError(source, line, field, message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Errors in file order; errors on the same line keep the order they were found in. */
    List<ConfigError> inFileOrder() {
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(ConfigError::line));
        return sorted;
    }

    /** SnakeYAML marks count from 0; ours from 1, with 0 meaning unknown. */
    static int lineOf(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
