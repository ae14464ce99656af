// Names of the _pq_ protocol options this project knows, in one place.
package dev.switchboard.protocol;

/** {@code _pq_.} startup-parameter names (protocol extensions, negotiated per connection leg). */
public final class ProtocolOptions {

    /** Every protocol option starts with this. */
    public static final String PREFIX = "_pq_.";
    /** Sent by PostgreSQL 19 libpq with the grease version; must be listed back as unsupported. */
    public static final String TEST_PROTOCOL_NEGOTIATION = "_pq_.test_protocol_negotiation";
    /** Prefix of Switchboard's own extensions (never forwarded to PostgreSQL). */
    public static final String SWITCHBOARD_PREFIX = "_pq_.switchboard.";

    private ProtocolOptions() {
    }

    /** True if {@code parameterName} is a protocol option rather than a GUC. */
    public static boolean isProtocolOption(String parameterName) {
        return parameterName.startsWith(PREFIX);
    }
}
