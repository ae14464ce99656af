// PatroniAuthority: polls Patroni's REST API (GET /cluster) for the member that holds the leader lock.
package dev.switchboard.topology.authority;

import dev.switchboard.topology.Authority;
import dev.switchboard.topology.AuthorityVerdict;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Patroni as the {@link Authority}: a daemon thread asks {@code GET <url>/cluster} every poll interval
 * and reports the member whose role is {@code leader} (see {@link PatroniClusterDocument}).
 *
 * <p>Every Patroni node answers {@code /cluster} from the shared DCS, so any one of them will do: the URLs
 * are tried in turn until one answers 200 with a well-formed document, starting with the one that answered
 * last so that a dead node costs a timeout only once, not on every poll. When none does, the verdict is
 * {@link AuthorityVerdict#unreadable unreadable} with each URL's failure.
 */
public final class PatroniAuthority implements Authority {
    /** Bound on one request, connect to last body byte: a hung node must not stall the poll for long. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    /** A /cluster document is a few hundred bytes per member; anything near this is not Patroni. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private static final Logger log = LoggerFactory.getLogger(PatroniAuthority.class);

    private final String name;
    private final List<URI> clusterUrls;
    private final Duration pollInterval;
    private final HttpClient http;
    private final CountDownLatch stop = new CountDownLatch(1);

    private Thread thread; // guarded by this
    private boolean closed; // guarded by this

    // Only the polling thread touches these.
    private int preferred;
    private AuthorityVerdict lastLogged;

    /** Polls {@code urls} (Patroni REST API base URLs, e.g. {@code http://10.0.0.1:8008}); named after the first one. */
    public PatroniAuthority(List<URI> urls, Duration pollInterval) {
        this(nameOf(urls), urls, pollInterval);
    }

    /** As {@link #PatroniAuthority(List, Duration)}, with {@code name} (e.g. the cluster's) in the thread name and logs. */
    public PatroniAuthority(String name, List<URI> urls, Duration pollInterval) {
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
        }
        this.pollInterval = pollInterval;
        List<URI> resolved = new ArrayList<>();
        for (URI url : urls) {
            resolved.add(clusterEndpoint(url));
        }
        if (resolved.isEmpty()) {
            throw new IllegalArgumentException("at least one Patroni URL is required");
        }
        this.clusterUrls = List.copyOf(resolved);
        // HTTP/1.1 explicitly: Patroni's server is Python's http.server, so an h2c upgrade offer is wasted.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(REQUEST_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public void start(Consumer<AuthorityVerdict> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("Patroni authority " + name + " is closed");
            }
            if (thread != null) {
                throw new IllegalStateException("Patroni authority " + name + " is already started");
            }
            thread = new Thread(() -> pollUntilClosed(listener), "sb-patroni-" + name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public void close() {
        Thread polling;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            polling = thread;
        }
        stop.countDown();
        if (polling == null) {
            return;
        }
        polling.interrupt(); // aborts a request in flight
        if (polling != Thread.currentThread()) {
            try {
                polling.join(REQUEST_TIMEOUT.toMillis() * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The Patroni {@code /cluster} URLs, in the order tried first. */
    List<URI> clusterUrls() {
        return clusterUrls;
    }

    private void pollUntilClosed(Consumer<AuthorityVerdict> listener) {
        try {
            while (stop.getCount() > 0) {
                AuthorityVerdict verdict = poll();
                if (stop.getCount() == 0) {
                    return; // closed while polling: whoever closed no longer listens
                }
                logIfChanged(verdict);
                try {
                    listener.accept(verdict);
                } catch (RuntimeException e) {
                    log.error("Patroni authority {}: the verdict listener failed", name, e);
                }
                if (stop.await(pollInterval.toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // close() interrupts: the loop ends.
        }
    }

    /** One reading: the URLs in turn until one gives a usable document. */
    AuthorityVerdict poll() throws InterruptedException {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < clusterUrls.size(); i++) {
            int index = (preferred + i) % clusterUrls.size();
            URI url = clusterUrls.get(index);
            try {
                String leader = PatroniClusterDocument.leader(fetch(url));
                preferred = index;
                return AuthorityVerdict.leader(leader);
            } catch (IOException | IllegalArgumentException | JsonException e) {
                failures.add(url + ": " + describe(e));
            }
        }
        return AuthorityVerdict.unreadable(String.join("; ", failures));
    }

    private String fetch(URI url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, BoundedBody.atMost(MAX_BODY_BYTES));
        HttpResponse<byte[]> response;
        try {
            // The request timeout ends with the response headers; this bound also covers the body.
            response = exchange.get(REQUEST_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new BadAnswer("no complete response within " + REQUEST_TIMEOUT.toMillis() * 2 + " ms");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(describe(cause), cause);
        }
        if (response.statusCode() != 200) {
            throw new BadAnswer("HTTP " + response.statusCode());
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private void logIfChanged(AuthorityVerdict verdict) {
        AuthorityVerdict before = lastLogged;
        lastLogged = verdict;
        // Only what routing depends on counts as a change; the wording of a failure varies from poll to poll.
        if (before != null && before.readable() == verdict.readable()
                && Objects.equals(before.leader(), verdict.leader())) {
            return;
        }
        if (verdict.readable()) {
            log.info("Patroni authority {}: leader is {}", name,
                    verdict.leader() == null ? "none (no member holds the leader lock)" : verdict.leader());
        } else {
            log.warn("Patroni authority {}: cannot read the leader: {}", name, verdict.error());
        }
    }

    /** A failure as one phrase; the JDK's HTTP client throws ConnectException without a message. */
    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof IllegalArgumentException || e instanceof JsonException) {
            return "unusable /cluster document: " + message;
        }
        if (e instanceof BadAnswer) {
            return message;
        }
        String type = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    /** A failure this class detected itself, whose message says everything (no exception type in the report). */
    private static final class BadAnswer extends IOException {
        BadAnswer(String message) {
            super(message);
        }
    }

    private static URI clusterEndpoint(URI base) {
        Objects.requireNonNull(base, "Patroni URL");
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("Patroni URL " + base + " is not http or https");
        }
        if (base.getHost() == null) {
            throw new IllegalArgumentException("Patroni URL " + base + " has no host");
        }
        String text = base.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text + "/cluster");
    }

    private static String nameOf(List<URI> urls) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one Patroni URL is required");
        }
        URI first = urls.get(0);
        return first.getPort() < 0 ? String.valueOf(first.getHost()) : first.getHost() + ":" + first.getPort();
    }
}
