// ClientExtensions: which extensions one client turned on, and its middleware settings' values.
package dev.switchboard.proxy.extensions;

import dev.switchboard.topology.CommitToken;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A client's extensions: the values it gave at startup (protocol parameters, middleware settings as plain
 * parameters or in {@code options}) and what SET/RESET made of them since. RESET, RESET ALL and DISCARD ALL go
 * back to the startup values. Values are kept in their canonical text form ({@code on}, {@code 1/0/3000148}).
 * Confined to the client's event loop.
 */
public final class ClientExtensions {
    /** A switch that is off, and an unset position or an empty list. */
    private static final String OFF = "off";
    private static final String NO_POSITION = "";

    /** The values of a client that asked for nothing: shared by all such clients, never changed. */
    private static final Map<Extension, String> DEFAULTS = defaults();

    private final boolean asked;
    private final Map<Extension, String> startup;
    /** The startup values themselves until a SET changes one: thousands of idle clients share one map. */
    private Map<Extension, String> current;
    private CommitToken minLsn;
    /** Some value differs from its startup value (kept, not compared: every Query asks). */
    private boolean changed;

    private ClientExtensions(boolean asked, Map<Extension, String> startup) {
        this.asked = asked;
        this.startup = startup;
        this.current = startup;
        this.minLsn = positionOf(current.get(Extension.MIN_LSN));
    }

    /**
     * From the startup packet.
     *
     * @param protocolParameters {@code _pq_.switchboard.*} parameters the negotiation accepted, with their values
     * @param middlewareSettings {@code switchboard.*} settings (plain parameters and {@code -c} in options)
     * @throws ExtensionException with the SQLSTATE of the FATAL the client gets
     */
    public static ClientExtensions fromStartup(Map<String, String> protocolParameters,
                                               Map<String, String> middlewareSettings) {
        Map<Extension, String> values = defaults();
        for (Map.Entry<String, String> p : protocolParameters.entrySet()) {
            Extension extension = Extension.ofProtocolParameter(p.getKey());
            values.put(extension, checked(extension, p.getKey(), p.getValue()));
        }
        for (Map.Entry<String, String> s : middlewareSettings.entrySet()) {
            Extension extension = Extension.ofSetting(s.getKey());
            if (extension == null) {
                throw ExtensionException.unknown(s.getKey());
            }
            values.put(extension, checked(extension, s.getKey(), s.getValue()));
        }
        boolean asked = !protocolParameters.isEmpty() || !middlewareSettings.isEmpty();
        return asked ? new ClientExtensions(true, values) : none();
    }

    /** A client that asked for nothing. */
    public static ClientExtensions none() {
        return new ClientExtensions(false, DEFAULTS);
    }

    private static Map<Extension, String> defaults() {
        Map<Extension, String> values = new EnumMap<>(Extension.class);
        for (Extension e : Extension.values()) {
            values.put(e, e.kind() == Extension.ValueKind.SWITCH ? OFF : NO_POSITION);
        }
        return values;
    }

    /** The canonical form of a value, or the refusal. */
    private static String checked(Extension extension, String name, String value) {
        String canonical;
        if (extension.kind() == Extension.ValueKind.SWITCH) {
            Boolean on = ExtensionValues.parseSwitch(value);
            if (on == null) {
                throw ExtensionException.invalidValue(name, value);
            }
            canonical = ExtensionValues.formatSwitch(on);
        } else if (value.isBlank()) {
            canonical = NO_POSITION;
        } else if (extension.kind() == Extension.ValueKind.NAMES) {
            try {
                canonical = ExtensionValues.formatNames(ExtensionValues.parseNames(value));
            } catch (IllegalArgumentException e) {
                throw ExtensionException.invalidValue(name, value);
            }
        } else {
            try {
                canonical = ExtensionValues.formatPosition(ExtensionValues.parsePosition(value));
            } catch (IllegalArgumentException e) {
                throw ExtensionException.invalidValue(name, value);
            }
        }
        return canonical;
    }

    private static boolean isOff(String value) {
        return value.equals(OFF) || value.equals(NO_POSITION);
    }

    private static CommitToken positionOf(String value) {
        return value == null || value.isEmpty() ? null : ExtensionValues.parsePosition(value);
    }

    /** A SET since startup left some middleware setting off its startup value. */
    public boolean changed() {
        return changed;
    }

    /** The client asked for some extension at startup: it gets {@code switchboard.extensions}. */
    public boolean asked() {
        return asked;
    }

    public boolean on(Extension extension) {
        return !isOff(current.get(extension));
    }

    /** The position the client's reads must see, or null. */
    public CommitToken minLsn() {
        return minLsn;
    }

    /** What SHOW answers. */
    public String show(Extension extension) {
        return current.get(extension);
    }

    /** SET; throws {@link ExtensionException} for a value outside the grammar. */
    public void set(Extension extension, String value) {
        put(extension, checked(extension, extension.setting(), value));
    }

    /** RESET (or SET … TO DEFAULT): the startup value. */
    public void reset(Extension extension) {
        put(extension, startup.get(extension));
    }

    /** RESET ALL, DISCARD ALL. */
    public void resetAll() {
        for (Extension e : Extension.values()) {
            if (!e.protocolOnly()) {
                reset(e);
            }
        }
    }

    private void put(Extension extension, String value) {
        if (current == startup) {
            current = new EnumMap<>(startup);
        }
        current.put(extension, value);
        changed = !current.equals(startup);
        if (!changed) {
            current = startup; // back where it started (RESET ALL): the copy is not needed any more
        }
        if (extension == Extension.MIN_LSN) {
            minLsn = positionOf(value);
        }
    }

    /** The value of {@code switchboard.extensions}: what is on, comma-separated, in declaration order. */
    public String activeNames() {
        StringJoiner names = new StringJoiner(",");
        for (Extension e : Extension.values()) {
            if (on(e)) {
                names.add(e.label());
            }
        }
        return names.toString();
    }
}
