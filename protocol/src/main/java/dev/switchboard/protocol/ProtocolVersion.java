// A protocol version as sent in the StartupMessage and NegotiateProtocolVersion: major<<16 | minor.
package dev.switchboard.protocol;

/** A frontend/backend protocol version; the wire form is the Int32 {@code major << 16 | minor}. */
public record ProtocolVersion(int major, int minor) {

    /** Protocol 3.0, spoken by every server since 7.4 and asked for by most drivers. */
    public static final ProtocolVersion V3_0 = new ProtocolVersion(3, 0);
    /** Protocol 3.2 (PostgreSQL 18+): variable-length cancel keys. */
    public static final ProtocolVersion V3_2 = new ProtocolVersion(3, 2);
    /** The "grease" version libpq sends to check that servers and middleware negotiate down. */
    public static final ProtocolVersion GREASE = new ProtocolVersion(3, 9999);

    /** Validates that both parts fit the 16 bits the wire gives them. */
    public ProtocolVersion {
        if (major < 0 || major > 0xFFFF || minor < 0 || minor > 0xFFFF) {
            throw new IllegalArgumentException("protocol version out of range: " + major + "." + minor);
        }
    }

    /** Splits a wire code into major and minor. */
    public static ProtocolVersion fromCode(int code) {
        return new ProtocolVersion(code >>> 16, code & 0xFFFF);
    }

    /** The Int32 wire form. */
    public int code() {
        return major << 16 | minor;
    }

    /** True for major version 3, the only one this project speaks. */
    public boolean isV3() {
        return major == 3;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
