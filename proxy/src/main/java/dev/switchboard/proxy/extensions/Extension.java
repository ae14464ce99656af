// Extension: the protocol extensions Switchboard implements, by the names clients use for them.
package dev.switchboard.proxy.extensions;

import java.util.Locale;

/**
 * Each extension is asked for with {@code _pq_.switchboard.<name>} in the startup packet, or (except those that
 * bring a new message type) with the middleware setting {@code switchboard.<name>}; see docs/protocol-extensions.md.
 * The declaration order is the order of {@code switchboard.extensions}.
 */
public enum Extension {
    TOPOLOGY("topology", ValueKind.SWITCH, false),
    COMMIT_LSN("commit_lsn", ValueKind.SWITCH, false),
    MIN_LSN("min_lsn", ValueKind.POSITION, false),
    /** A new message type: only the protocol route may turn it on. */
    GOAWAY("goaway", ValueKind.SWITCH, true),
    /** Also asked for by the core proposal's own name, {@link #CORE_REPORT_PARAMETERS}. */
    REPORT_PARAMETERS("report_parameters", ValueKind.NAMES, false);

    /** What a value of the extension looks like. */
    public enum ValueKind { SWITCH, POSITION, NAMES }

    public static final String SETTING_PREFIX = "switchboard.";
    public static final String PROTOCOL_PREFIX = "_pq_.switchboard.";
    /** The protocol parameter PostgreSQL's report_parameters proposal names: a driver written for it works here. */
    public static final String CORE_REPORT_PARAMETERS = "_pq_.report_parameters";

    private final String label;
    private final ValueKind kind;
    private final boolean protocolOnly;

    Extension(String label, ValueKind kind, boolean protocolOnly) {
        this.label = label;
        this.kind = kind;
        this.protocolOnly = protocolOnly;
    }

    /** The name clients use: {@code topology}, {@code commit_lsn} … */
    public String label() {
        return label;
    }

    public ValueKind kind() {
        return kind;
    }

    /** Negotiated only with {@code _pq_.switchboard.<name>}, never a middleware setting. */
    public boolean protocolOnly() {
        return protocolOnly;
    }

    /** {@code switchboard.<name>}. */
    public String setting() {
        return SETTING_PREFIX + label;
    }

    /** The extension a {@code _pq_.switchboard.<name>} startup parameter asks for, or null. */
    public static Extension ofProtocolParameter(String parameter) {
        if (parameter.equalsIgnoreCase(CORE_REPORT_PARAMETERS)) {
            return REPORT_PARAMETERS;
        }
        if (!parameter.regionMatches(true, 0, PROTOCOL_PREFIX, 0, PROTOCOL_PREFIX.length())) {
            return null;
        }
        return ofLabel(parameter.substring(PROTOCOL_PREFIX.length()));
    }

    /** Whether a setting name is in the proxy's own namespace ({@code switchboard.*}, any case). */
    public static boolean isMiddlewareSetting(String name) {
        return name.regionMatches(true, 0, SETTING_PREFIX, 0, SETTING_PREFIX.length());
    }

    /** The extension behind a middleware setting name, or null when the name is unknown. */
    public static Extension ofSetting(String name) {
        if (!isMiddlewareSetting(name)) {
            return null;
        }
        Extension extension = ofLabel(name.substring(SETTING_PREFIX.length()));
        return extension == null || extension.protocolOnly ? null : extension;
    }

    private static Extension ofLabel(String label) {
        String lower = label.toLowerCase(Locale.ROOT);
        for (Extension e : values()) {
            if (e.label.equals(lower)) {
                return e;
            }
        }
        return null;
    }
}
