// YAML syntax errors are reported with their line, without quoting the source text.
package dev.switchboard.config;

import static dev.switchboard.config.ConfigAssertions.errors;
import static dev.switchboard.config.ConfigAssertions.single;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class YamlSyntaxTest {

    @Test
    void badIndentation() {
        ConfigError e = single(errors("""
                clusters:
                  main:
                    nodes: [ "h:1" ]
                   monitor: {}
                databases: { app: {} }
                """), 4, "", "invalid YAML");
        assertTrue(e.toString().startsWith("switchboard.yaml:4: invalid YAML: "), e.toString());
    }

    @Test
    void unclosedFlowSequence() {
        single(errors("""
                clusters:
                  main: { nodes: [ "h:1" }
                databases: { app: {} }
                """), 2, "", "invalid YAML");
    }

    @Test
    void unclosedQuoteDoesNotEchoTheLine() {
        ConfigError e = single(errors("""
                clusters: { main: { nodes: [ h ] } }
                databases: { app: {} }
                users:
                  - { name: a, password: "hunter2 }
                """), 5, "", "invalid YAML");
        assertFalse(e.message().contains("hunter2"), e.message());
    }

    @Test
    void tabIndentation() {
        single(errors("clusters:\n\tmain: {}\n"), 2, "", "invalid YAML");
    }

    @Test
    void severalDocumentsAreRefused() {
        single(errors("clusters: { main: { nodes: [ h ] } }\ndatabases: { app: {} }\n---\nlisten: {}\n"),
                3, "", "expected a single document");
    }
}
