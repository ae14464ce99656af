// An external source of truth for which node is the primary: the Patroni REST API.
package dev.switchboard.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a cluster's failover authority can be asked which node is the leader.
 *
 * @param patroni      Patroni REST API base URLs (http or https, with a host, no trailing slash), at least one,
 *                     no duplicates, in file order
 * @param pollInterval time between polls of the authority; default 500ms; always positive
 */
public record AuthorityConfig(List<URI> patroni, Duration pollInterval) {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

    public AuthorityConfig {
        patroni = List.copyOf(patroni);
        if (patroni.isEmpty()) {
            throw new IllegalArgumentException("at least one Patroni URL is required");
        }
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
        }
    }

    /** These URLs, polled at the default interval. */
    public AuthorityConfig(List<URI> patroni) {
        this(patroni, DEFAULT_POLL_INTERVAL);
    }

    /**
     * Parses a Patroni REST API base URL such as {@code http://10.0.0.1:8008}. A trailing slash is dropped so that
     * callers can append an endpoint path ({@code /leader}) to any configured URL the same way.
     *
     * @throws IllegalArgumentException with a message naming what is wrong
     */
    public static URI parseUrl(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty URL; expected e.g. http://127.0.0.1:8008");
        }
        if (!s.contains("://")) {
            throw new IllegalArgumentException("\"" + s + "\" is not an absolute URL; write the scheme, e.g. http://"
                    + s);
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"" + s + "\" is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("unsupported scheme \"" + uri.getScheme() + "\" in \"" + s
                    + "\"; expected http or https");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("\"" + s + "\" has no valid host name");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("\"" + s + "\" must not have a query or fragment: it is a base URL "
                    + "that endpoint paths are appended to");
        }
        String trimmed = s;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return URI.create(trimmed);
    }
}
