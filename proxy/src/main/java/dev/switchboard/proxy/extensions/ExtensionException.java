// ExtensionException: a request about an extension or a middleware setting that the proxy refuses, with its SQLSTATE.
package dev.switchboard.proxy.extensions;

/** Carries the SQLSTATE the client hears (ERROR for SQL, FATAL at startup). */
public final class ExtensionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;

    public ExtensionException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }

    static ExtensionException unknown(String name) {
        return new ExtensionException("42704", "unrecognized configuration parameter \"" + name + "\"");
    }

    static ExtensionException invalidValue(String name, String value) {
        return new ExtensionException("22023", "invalid value for parameter \"" + name + "\": \"" + value + "\"");
    }
}
