// BackendStartupException: a server connection could not be opened; carries the error the client should see.
package dev.switchboard.proxy.backend;

import dev.switchboard.protocol.backend.ErrorResponse;

/** Opening a server connection failed; {@link #error()} is what to tell the client (FATAL). */
public final class BackendStartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorResponse error;

    public BackendStartupException(ErrorResponse error) {
        super(error.sqlState() + ": " + error.message());
        this.error = error;
    }

    public ErrorResponse error() {
        return error;
    }
}
