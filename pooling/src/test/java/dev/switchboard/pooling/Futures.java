// Assertions on futures that must already be complete (pool tests never block).
package dev.switchboard.pooling;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

final class Futures {

    private Futures() {
    }

    static <T> T done(CompletableFuture<T> f) {
        assertTrue(f.isDone(), "expected a completed future");
        assertFalse(f.isCompletedExceptionally(), () -> "expected success, got " + f);
        return f.join();
    }

    static Throwable failure(CompletableFuture<?> f) {
        assertTrue(f.isCompletedExceptionally(), () -> "expected a failed future, got " + f);
        return assertThrows(CompletionException.class, f::join).getCause();
    }

    static void pending(CompletableFuture<?> f) {
        assertFalse(f.isDone(), () -> "expected a pending future, got " + f);
    }
}
