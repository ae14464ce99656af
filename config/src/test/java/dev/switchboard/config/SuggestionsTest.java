// "Did you mean" suggestions for misspelt keys.
package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> KEYS = List.of("address", "port", "unix_socket_dir", "max_client_connections");

    @Test
    void suggestsCloseKeys() {
        assertEquals(Optional.of("port"), Suggestions.closest("prot", KEYS));
        assertEquals(Optional.of("port"), Suggestions.closest("Port", KEYS));
        assertEquals(Optional.of("address"), Suggestions.closest("adress", KEYS));
        assertEquals(Optional.of("max_client_connections"), Suggestions.closest("max_client_connection", KEYS));
        assertEquals(Optional.of("unix_socket_dir"), Suggestions.closest("unix-socket-dir", KEYS));
    }

    @Test
    void noSuggestionForUnrelatedWords() {
        assertEquals(Optional.empty(), Suggestions.closest("frobnicate", KEYS));
        assertEquals(Optional.empty(), Suggestions.closest("x", KEYS));
    }

    @Test
    void distance() {
        assertEquals(0, Suggestions.distance("abc", "abc"));
        assertEquals(1, Suggestions.distance("abc", "acb"));
        assertEquals(3, Suggestions.distance("", "abc"));
    }
}
