// Transport: how the load driver reaches a target in a select-only row — TCP loopback, TLS over it, or a Unix socket.
package dev.switchboard.bench.scenarios;

/** One per row variant; the label names the row ({@code select-only simple 100 unix}) and its variant. */
public enum Transport {
    /** TCP on 127.0.0.1 without TLS, to the pooler and from it to PostgreSQL: the default rows. */
    TCP(""),
    /** {@code sslmode=require} from the clients to the poolers; PostgreSQL itself runs without TLS in the bench. */
    TLS("tls"),
    /** Both legs on Unix sockets: the clients to the target's socket, the pooler to PostgreSQL's socket. */
    UNIX("unix");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    /** Empty for {@link #TCP}, else {@code tls} or {@code unix}. */
    public String label() {
        return label;
    }
}
