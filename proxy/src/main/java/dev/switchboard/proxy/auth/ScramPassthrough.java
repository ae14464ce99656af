// ScramPassthrough: the SCRAM keys a client's own login proved, kept so the proxy can log in to PostgreSQL as that user.
package dev.switchboard.proxy.auth;

import dev.switchboard.protocol.auth.ScramSecret;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A user whose password the proxy does not know (only its SCRAM secret, from the configuration or from
 * {@code auth.query}) can still be logged in to PostgreSQL: a client's proof yields the ClientKey, the
 * secret holds the ServerKey, and together they answer PostgreSQL's SCRAM exchange for the same secret. No
 * password is stored or sent. Keys live in memory only, per backend user, replaced by each successful login
 * (so a changed password takes over with the next client that uses it).
 */
public final class ScramPassthrough {
    /** What a login proved: enough to answer SCRAM for the secret it was checked against. */
    public record Keys(byte[] clientKey, byte[] serverKey) {
        @Override
        public String toString() {
            return "Keys[hidden]";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Keys k && Arrays.equals(clientKey, k.clientKey) && Arrays.equals(serverKey, k.serverKey);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(clientKey) * 31 + Arrays.hashCode(serverKey);
        }
    }

    private final ConcurrentMap<String, Keys> byBackendUser = new ConcurrentHashMap<>();

    /** A client proved {@code clientKey} against {@code secret}: the proxy may now log in as {@code backendUser}. */
    public void remember(String backendUser, byte[] clientKey, ScramSecret secret) {
        byBackendUser.put(backendUser, new Keys(clientKey.clone(), secret.serverKey().clone()));
    }

    /** The keys for {@code backendUser}, or null when no client has logged in as it yet. */
    public Keys keysFor(String backendUser) {
        return byBackendUser.get(backendUser);
    }
}
