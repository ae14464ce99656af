// AccessBinder: binds the access section, the ordered list of access rules.
package dev.switchboard.config;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** {@code access: [ { action: allow|reject, address: CIDR or local, user: name, database: name, tls: bool }, ... ] }. */
final class AccessBinder {
    private static final List<String> KEYS = List.of("action", "address", "user", "database", "tls");
    /** The address that means Unix-socket clients, as pg_hba.conf's {@code local} lines. */
    private static final String LOCAL = "local";

    private enum Action { ALLOW, REJECT }

    private AccessBinder() {
    }

    static List<AccessRule> bind(Binding binding, Node node) {
        List<AccessRule> rules = new ArrayList<>();
        List<Node> items = binding.items(node, "access");
        for (int i = 0; i < items.size(); i++) {
            MappingReader r = MappingReader.of(binding, items.get(i), "access[" + i + "]", KEYS);
            if (!r.has("action")) {
                r.missing("action");
                continue;
            }
            Action action = r.choice("action", Action.values(), null);
            String cidr = r.string("address", null);
            boolean local = LOCAL.equals(cidr);
            AccessRule.Network network = cidr == null || local ? null : AccessRule.parseNetwork(cidr);
            if (cidr != null && !local && network == null) {
                r.fail("address", "\"" + cidr + "\" is not an address, a network (10.0.0.0/8, 192.168.1.7, ::1/128)"
                        + " or local (Unix-socket clients)", null);
                continue;
            }
            String user = r.string("user", AccessRule.ALL);
            String database = r.string("database", AccessRule.ALL);
            Boolean tls = r.has("tls") ? r.bool("tls", false) : null;
            if (action != null) {
                rules.add(new AccessRule(action == Action.REJECT, network == null ? null : network.address(),
                        network == null ? 0 : network.prefix(), local, user, database, tls));
            }
        }
        return List.copyOf(rules);
    }
}
