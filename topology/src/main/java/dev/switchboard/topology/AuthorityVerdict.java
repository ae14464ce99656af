// AuthorityVerdict: one reading of the external authority (the leader it names, or why it could not be read).
package dev.switchboard.topology;

/** What the authority said: the leader as "host:port" (null when it names none), or why it could not be read. */
public record AuthorityVerdict(String leader, String error) {
    public static AuthorityVerdict leader(String hostPort) {
        return new AuthorityVerdict(hostPort, null);
    }

    public static AuthorityVerdict unreadable(String error) {
        return new AuthorityVerdict(null, error);
    }

    public boolean readable() {
        return error == null;
    }
}
