// Mode: the three pool modes the stress proxy serves, each on a virtual database of its own.
package dev.switchboard.proxy.it.stress;

/** What each mode lets a client do, as the README promises it. */
enum Mode {
    SESSION("stress_session"),
    TRANSACTION("stress_transaction"),
    STATEMENT("stress_statement");

    /** The real database behind every proxied mode; the twin direct connections use another one. */
    static final String PROXIED_DBNAME = "stress_proxy";
    static final String DIRECT_DBNAME = "stress_direct";

    private final String database;

    Mode(String database) {
        this.database = database;
    }

    /** The virtual database clients put in dbname. */
    String database() {
        return database;
    }

    /** Statement mode refuses BEGIN with 0A000 (documented), so nothing opens a transaction block there. */
    boolean allowsTransactionBlocks() {
        return this != STATEMENT;
    }

    String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
