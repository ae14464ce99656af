// PatroniSwitchover: asks Patroni (POST /switchover) to hand the leadership from one member to another.
package dev.switchboard.topology.authority;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Members are named to Patroni as it names them; the proxy knows nodes by {@code host:port}, so the names come
 * from {@code GET /cluster} first. Patroni answers {@code POST /switchover} once the switchover is done (or
 * failed), which takes seconds: call it off any event loop.
 */
public final class PatroniSwitchover {
    private static final Duration CLUSTER_TIMEOUT = PatroniAuthority.REQUEST_TIMEOUT;

    private final List<URI> bases;
    private final Duration switchoverTimeout;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CLUSTER_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * @param bases             Patroni REST API base URLs without a trailing slash, tried in turn
     * @param switchoverTimeout how long Patroni may take to answer the switchover request
     */
    public PatroniSwitchover(List<URI> bases, Duration switchoverTimeout) {
        this.bases = List.copyOf(bases);
        this.switchoverTimeout = Objects.requireNonNull(switchoverTimeout, "switchoverTimeout");
    }

    /** What Patroni was asked and what it answered. */
    public record Outcome(String leader, String candidate, String candidateAddress, String answer) {
    }

    /**
     * Asks for a switchover from the member at {@code leaderAddress} to the one at {@code candidateAddress}, or,
     * when that is null, to the first streaming replica Patroni lists.
     *
     * @throws IOException naming what Patroni said, or why no URL answered
     */
    public Outcome switchover(String leaderAddress, String candidateAddress) throws IOException, InterruptedException {
        List<String> failures = new ArrayList<>();
        for (URI base : bases) {
            List<PatroniClusterDocument.Member> members;
            try {
                members = PatroniClusterDocument.members(send(HttpRequest.newBuilder(URI.create(base + "/cluster"))
                        .timeout(CLUSTER_TIMEOUT).header("Accept", "application/json").GET().build(), 200));
            } catch (IOException | IllegalArgumentException | JsonException e) {
                failures.add(base + "/cluster: " + e.getMessage());
                continue;
            }
            PatroniClusterDocument.Member leader = leader(members, leaderAddress);
            PatroniClusterDocument.Member candidate = candidate(members, candidateAddress);
            String body = "{\"leader\":" + quote(leader.name()) + ",\"candidate\":"
                    + quote(candidate.name()) + "}";
            String answer = send(HttpRequest.newBuilder(URI.create(base + "/switchover")).timeout(switchoverTimeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), 200);
            return new Outcome(leader.name(), candidate.name(), candidate.address(), answer.strip());
        }
        throw new IOException("no Patroni REST API answered: " + String.join("; ", failures));
    }

    private static PatroniClusterDocument.Member leader(List<PatroniClusterDocument.Member> members, String address)
            throws IOException {
        for (PatroniClusterDocument.Member m : members) {
            if (m.address().equals(address)) {
                if (!"leader".equals(m.role()) && !"master".equals(m.role())) {
                    throw new IOException("Patroni lists " + address + " (" + m.name() + ") as " + m.role()
                            + ", not as the leader");
                }
                return m;
            }
        }
        throw new IOException("Patroni lists no member at " + address + ", the proxy's primary");
    }

    private static PatroniClusterDocument.Member candidate(List<PatroniClusterDocument.Member> members,
                                                           String address) throws IOException {
        for (PatroniClusterDocument.Member m : members) {
            if (address == null ? m.streamingReplica() : m.address().equals(address)) {
                return m;
            }
        }
        throw new IOException(address == null ? "Patroni lists no streaming replica to switch over to"
                : "Patroni lists no member at " + address);
    }

    /** A JSON string; member names are short identifiers, but nothing a member is called may break the body. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private String send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != expected) {
            throw new IOException("Patroni answered " + request.method() + " " + request.uri().getPath() + " with HTTP "
                    + response.statusCode() + ": " + response.body().strip());
        }
        return response.body();
    }
}
