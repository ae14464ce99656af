// When a pooled server connection goes back to the pool.
package dev.switchboard.config;

import java.util.Locale;

/** Pool mode: when a client's server connection is returned to the pool. YAML: session/transaction/statement. */
public enum PoolMode {
    /** Held for the whole client session; reset with the pool's reset query on release. */
    SESSION,
    /** Leased per transaction; released on ReadyForQuery with status idle. */
    TRANSACTION,
    /** Released after every statement; multi-statement transactions are refused. */
    STATEMENT;

    /** The spelling used in the YAML file. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
