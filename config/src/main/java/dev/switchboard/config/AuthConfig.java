// Global client authentication settings.
package dev.switchboard.config;

import java.util.Objects;

/** Global authentication settings. @param defaultMethod method for users without {@code auth}; never trust */
public record AuthConfig(ClientAuthMethod defaultMethod) {

    public static final ClientAuthMethod DEFAULT_METHOD = ClientAuthMethod.SCRAM_SHA_256;

    public AuthConfig {
        Objects.requireNonNull(defaultMethod, "defaultMethod");
    }

    public static AuthConfig defaults() {
        return new AuthConfig(DEFAULT_METHOD);
    }
}
