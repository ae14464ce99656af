// How the proxy authenticates a connecting client.
package dev.switchboard.config;

import java.util.Locale;

/** Client authentication method. YAML: scram-sha-256, md5, trust. */
public enum ClientAuthMethod {
    SCRAM_SHA_256,
    MD5,
    /** No password asked; only ever set explicitly per user, never a default. */
    TRUST;

    /** The spelling used in the YAML file. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
