// LeaseFailure: what a client hears when no server could be had for it, with the SQLSTATE that says why.
package dev.switchboard.proxy.link;

import dev.switchboard.pooling.PoolTimeoutException;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.proxy.backend.BackendStartupException;
import dev.switchboard.proxy.topology.NoEligibleNodeException;

/** One mapping for the session start (FATAL: the client cannot go on) and for each transaction (ERROR). */
public final class LeaseFailure {
    private LeaseFailure() {
    }

    /** Whether {@code cause} is one of the failures a client is told about as it is (not a proxy fault). */
    public static boolean isExpected(Throwable cause) {
        return cause instanceof PoolTimeoutException || cause instanceof NoEligibleNodeException
                || cause instanceof BackendStartupException;
    }

    public static ErrorResponse describe(Throwable cause, boolean fatal) {
        String sqlState;
        String message;
        if (cause instanceof PoolTimeoutException timeout) {
            sqlState = "53300";
            message = timeout.getMessage();
        } else if (cause instanceof NoEligibleNodeException none) {
            sqlState = none.sqlState();
            message = none.getMessage();
        } else if (cause instanceof BackendStartupException startup) {
            sqlState = startup.error().sqlState();
            message = startup.error().message();
        } else {
            sqlState = "08006";
            message = "could not obtain a server connection: " + cause.getMessage();
        }
        return fatal ? ErrorResponse.fatal(sqlState, message) : ErrorResponse.error(sqlState, message);
    }
}
