// AccessCheck: the access rules applied to a client's startup, before it may authenticate.
package dev.switchboard.proxy.frontend;

import dev.switchboard.config.AccessRule;
import java.net.InetAddress;
import java.util.List;

/** First match decides; with rules and no match, the answer is no, as pg_hba.conf's is. */
final class AccessCheck {
    private AccessCheck() {
    }

    /** Null when the client may go on to authentication, else the message of its FATAL 28000. */
    static String refusal(List<AccessRule> rules, InetAddress from, String user, String database, boolean tls) {
        if (rules.isEmpty()) {
            return null;
        }
        String who = "host \"" + (from == null ? "[local]" : from.getHostAddress()) + "\", user \"" + user
                + "\", database \"" + database + "\", " + (tls ? "TLS encryption" : "no encryption");
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).matches(from, user, database, tls)) {
                return rules.get(i).reject() ? "access rule " + (i + 1) + " rejects connection for " + who : null;
            }
        }
        return "no access rule matches " + who;
    }
}
