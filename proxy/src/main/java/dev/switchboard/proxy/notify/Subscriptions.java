// Subscriptions: which sinks listen on which channel, both ways round; a hub's bookkeeping without any I/O.
package dev.switchboard.proxy.notify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sinks per channel and channels per sink. Sinks are compared by identity: two clients are never the
 * same listener, whatever their {@code equals} says. Not thread-safe: owned by one hub's mailbox.
 */
final class Subscriptions {
    private final Map<String, Set<NotificationSink>> sinksByChannel = new HashMap<>();
    private final Map<NotificationSink, Set<String>> channelsBySink = new IdentityHashMap<>();

    /** Adds {@code sink} to {@code channel}; true if the channel had no sink before (it needs a LISTEN). */
    boolean add(String channel, NotificationSink sink) {
        Set<NotificationSink> sinks = sinksByChannel.get(channel);
        boolean first = sinks == null;
        if (first) {
            sinks = Collections.newSetFromMap(new IdentityHashMap<>());
            sinksByChannel.put(channel, sinks);
        }
        if (sinks.add(sink)) {
            channelsBySink.computeIfAbsent(sink, s -> new java.util.HashSet<>()).add(channel);
        }
        return first;
    }

    /** Removes {@code sink} from {@code channel}; true if that left the channel without sinks (it needs an UNLISTEN). */
    boolean remove(String channel, NotificationSink sink) {
        Set<NotificationSink> sinks = sinksByChannel.get(channel);
        if (sinks == null || !sinks.remove(sink)) {
            return false;
        }
        Set<String> channels = channelsBySink.get(sink);
        channels.remove(channel);
        if (channels.isEmpty()) {
            channelsBySink.remove(sink);
        }
        if (sinks.isEmpty()) {
            sinksByChannel.remove(channel);
            return true;
        }
        return false;
    }

    /** Drops the channel with all its sinks (its LISTEN failed). */
    void removeChannel(String channel) {
        Set<NotificationSink> sinks = sinksByChannel.get(channel);
        if (sinks == null) {
            return;
        }
        for (NotificationSink sink : List.copyOf(sinks)) {
            remove(channel, sink);
        }
    }

    /** Every channel with a sink, sorted (the order they are listened again on a new server). */
    List<String> channels() {
        List<String> channels = new ArrayList<>(sinksByChannel.keySet());
        Collections.sort(channels);
        return channels;
    }

    /** A copy of the channels {@code sink} listens on. */
    List<String> channelsOf(NotificationSink sink) {
        Set<String> channels = channelsBySink.get(sink);
        return channels == null ? List.of() : new ArrayList<>(channels);
    }

    /** The live set of sinks on {@code channel} (empty if none); do not change subscriptions while iterating. */
    Collection<NotificationSink> sinks(String channel) {
        Set<NotificationSink> sinks = sinksByChannel.get(channel);
        return sinks == null ? List.of() : sinks;
    }

    boolean isEmpty() {
        return sinksByChannel.isEmpty();
    }

    /** Listener count per channel, sorted by channel name. */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        sinksByChannel.forEach((channel, sinks) -> counts.put(channel, sinks.size()));
        return counts;
    }

    /** Forgets everything and returns every sink that listened on anything, each once. */
    List<NotificationSink> clear() {
        List<NotificationSink> all = new ArrayList<>(channelsBySink.keySet());
        sinksByChannel.clear();
        channelsBySink.clear();
        return all;
    }
}
