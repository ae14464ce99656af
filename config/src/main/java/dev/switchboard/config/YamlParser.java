// Turns YAML text into a SnakeYAML node tree (with line marks), reporting syntax errors with their line.
package dev.switchboard.config;

import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Composes, never constructs: no Java objects are created from the document, so no tag can run code. */
final class YamlParser {

    private YamlParser() {
    }

    /** The root node, or null when the document is empty or invalid (then the error is recorded). */
    static Node compose(String text, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(false);
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        try {
            return new Yaml(options).compose(new StringReader(body));
        } catch (MarkedYAMLException e) {
            problems.add(line(e.getProblemMark()), "", syntaxMessage(e));
        } catch (YAMLException e) {
            problems.add(0, "", "invalid YAML: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // SnakeYAML refuses some malformed tags (e.g. "!%4") with a plain IllegalArgumentException.
            problems.add(0, "", "invalid YAML: " + e.getMessage());
        }
        return null;
    }

    // The exception's own message quotes the offending source line, which may hold a password: leave it out.
    private static String syntaxMessage(MarkedYAMLException e) {
        StringBuilder sb = new StringBuilder("invalid YAML: ");
        sb.append(e.getProblem() == null ? "syntax error" : e.getProblem());
        Mark mark = e.getProblemMark();
        if (mark != null) {
            sb.append(" (column ").append(mark.getColumn() + 1).append(')');
        }
        if (e.getContext() != null) {
            sb.append(", ").append(e.getContext());
            Mark context = e.getContextMark();
            if (context != null && (mark == null || context.getLine() != mark.getLine())) {
                sb.append(" started at line ").append(context.getLine() + 1);
            }
        }
        return sb.toString();
    }

    private static int line(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }
}
