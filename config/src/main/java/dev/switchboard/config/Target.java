// Which node of a cluster a virtual database routes to.
package dev.switchboard.config;

import java.util.Locale;

/** Routing target of a virtual database. YAML: read-write, read-only, prefer-standby, any. */
public enum Target {
    /** The current primary only. */
    READ_WRITE,
    /** Standbys only. */
    READ_ONLY,
    /** A standby when one is usable, otherwise the primary. */
    PREFER_STANDBY,
    /** Any usable node. */
    ANY;

    /** The spelling used in the YAML file. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
