// AccessRule: one line of the proxy's own pg_hba — who may connect from where, or who may not.
package dev.switchboard.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Rules are evaluated in order and the first that matches decides; when rules are configured and none matches, the
 * connection is refused, as with pg_hba.conf.
 *
 * @param reject   whether a match refuses the connection (else it lets it go on to authentication)
 * @param address  nullable: the client addresses it applies to (CIDR); null = every address, Unix sockets included
 *                 (unless {@code local})
 * @param prefix   the CIDR prefix length of {@code address}
 * @param local    whether it applies to Unix-socket clients only (pg_hba's {@code local}); then address is null
 * @param user     the user it applies to; "all" = every user
 * @param database the database it applies to; "all" = every database
 * @param tls      nullable: whether it applies only to TLS (true) or only to plain (false) connections; null = both
 */
public record AccessRule(boolean reject, InetAddress address, int prefix, boolean local, String user, String database,
                         Boolean tls) {
    public static final String ALL = "all";

    public AccessRule {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(database, "database");
        if (address != null && (prefix < 0 || prefix > address.getAddress().length * 8)) {
            throw new IllegalArgumentException("prefix " + prefix + " does not fit " + address.getHostAddress());
        }
        if (local && address != null) {
            throw new IllegalArgumentException("a rule for Unix-socket clients has no address");
        }
    }

    /** Whether this rule applies to a connection; {@code from} is null for a Unix socket. */
    public boolean matches(InetAddress from, String clientUser, String clientDatabase, boolean clientTls) {
        return (user.equals(ALL) || user.equals(clientUser))
                && (database.equals(ALL) || database.equals(clientDatabase))
                && (tls == null || tls == clientTls)
                && (local ? from == null : address == null || from != null && inNetwork(from));
    }

    private boolean inNetwork(InetAddress from) {
        byte[] network = address.getAddress();
        byte[] candidate = from.getAddress();
        if (network.length != candidate.length) {
            return false; // an IPv4 rule says nothing about IPv6 clients, and the other way round
        }
        int shift = network.length * 8 - prefix;
        return new BigInteger(1, network).shiftRight(shift).equals(new BigInteger(1, candidate).shiftRight(shift));
    }

    /** Parses "10.0.0.0/8", "::1/128" or a bare address (a single host); null when it is not one. */
    static AccessRule.Network parseNetwork(String cidr) {
        int slash = cidr.indexOf('/');
        String host = slash < 0 ? cidr : cidr.substring(0, slash);
        if (!host.matches("[0-9a-fA-F:.]+")) {
            return null; // only literals: a host name here would mean a DNS lookup per connection
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            int bits = address.getAddress().length * 8;
            int prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
            return prefix < 0 || prefix > bits ? null : new Network(address, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
    }

    record Network(InetAddress address, int prefix) {
    }
}
