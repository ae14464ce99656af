// ListenerHubs: the registry of listener hubs, one per (node, database, user), shared by all client links.
package dev.switchboard.proxy.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Thread-safe: hubs are created on first use and live until {@link #close()}. */
public final class ListenerHubs {
    private final Map<String, ListenerHub> hubs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** The hub for {@code key} (e.g. "node/database/user"), created with {@code factory} on first use. */
    public ListenerHub hub(String key, Supplier<ListenerHub> factory) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(factory, "factory");
        if (closed) {
            throw new IllegalStateException("listener hubs are closed; no hub for " + key);
        }
        ListenerHub hub = hubs.computeIfAbsent(key, k -> Objects.requireNonNull(factory.get(),
                "listener hub factory returned null for " + k));
        if (closed) {
            // close() ran while this hub was being created and may have missed it.
            hubs.remove(key, hub);
            hub.close();
            throw new IllegalStateException("listener hubs are closed; no hub for " + key);
        }
        return hub;
    }

    /** The hubs that exist now, e.g. for the admin console. */
    public List<ListenerHub> hubs() {
        return new ArrayList<>(hubs.values());
    }

    /** The hubs whose key starts with {@code prefix} (e.g. "cluster/"), each handed to {@code action}. */
    public void forEachUnder(String prefix, java.util.function.Consumer<ListenerHub> action) {
        hubs.forEach((key, hub) -> {
            if (key.startsWith(prefix)) {
                action.accept(hub);
            }
        });
    }

    /** How many hubs are in {@code state} now (the {@code switchboard.listener.hubs} gauge). */
    public int count(HubState state) {
        int n = 0;
        for (ListenerHub hub : hubs.values()) {
            if (hub.state() == state) {
                n++;
            }
        }
        return n;
    }

    /** Closes every hub (their sinks get hubLost); later {@link #hub} calls fail. */
    public void close() {
        closed = true;
        for (String key : new ArrayList<>(hubs.keySet())) {
            ListenerHub hub = hubs.remove(key);
            if (hub != null) {
                hub.close();
            }
        }
    }
}
