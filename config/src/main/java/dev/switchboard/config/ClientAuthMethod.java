// How the proxy authenticates a connecting client.
package dev.switchboard.config;

import java.util.Locale;

/** Client authentication method. YAML: scram-sha-256, md5, trust, cert. */
public enum ClientAuthMethod {
    SCRAM_SHA_256,
    MD5,
    /** No password asked; only ever set explicitly per user, never a default. */
    TRUST,
    /**
     * No password asked: a TLS client certificate, signed by {@code tls.client.ca_file}, must name the user
     * ({@code tls.client.user_map}); PostgreSQL's {@code cert} method. Only ever set explicitly per user.
     */
    CERT;

    /** The spelling used in the YAML file. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
