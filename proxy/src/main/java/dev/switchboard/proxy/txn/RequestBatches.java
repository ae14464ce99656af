// RequestBatches: what a client's requests would change, kept per request until the server has answered it.
package dev.switchboard.proxy.txn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A client may pipeline requests (pgJDBC sends {@code Close; Sync} and {@code BEGIN; SET …; Sync} in one
 * write). An effect belongs to the request that caused it: it is collected while that request is routed,
 * set aside when its end (Query, Sync) is sent, and joins the transaction's effects only when the server
 * answers that request with ReadyForQuery. So the ReadyForQuery that ends one transaction never applies what
 * a later, still unanswered request did. Confined to the client's event loop.
 */
final class RequestBatches<T> {
    /** A sent request without effects (most are): no list allocated for it. */
    private static final List<Object> NONE = List.of();

    /** The request being routed: no end sent yet. */
    private List<T> routing = new ArrayList<>();
    /** Requests whose end was sent, oldest first; the head is the one the server answers now. */
    private final ArrayDeque<List<T>> sent = new ArrayDeque<>(2); // small: usually empty, and every idle client has one
    /** Answered requests of the transaction still open (or just ended). */
    private final List<T> answered = new ArrayList<>();
    /** How many effects are held in all: most clients have none, and asking must cost nothing then. */
    private int size;

    void add(T effect) {
        routing.add(effect);
        size++;
    }

    void addAll(List<T> effects) {
        if (effects.isEmpty()) {
            return; // most requests: and addAll would copy even an empty list into a new array
        }
        routing.addAll(effects);
        size += effects.size();
    }

    /** The request's end went to the server. */
    void requestSent() {
        if (routing.isEmpty()) {
            sent.add(none());
        } else {
            sent.add(routing);
            routing = new ArrayList<>();
        }
    }

    /** The server answered the oldest request sent: its effects join the transaction's. */
    void requestAnswered() {
        List<T> head = sent.poll();
        if (head != null && !head.isEmpty()) {
            answered.addAll(head);
        }
    }

    /** The effects of the request the server is answering now (read only). */
    List<T> answering() {
        List<T> head = sent.peek();
        return java.util.Collections.unmodifiableList(head == null ? routing : head);
    }

    /** Adds an effect to the request the server is answering now (one it reported). */
    void addAnswering(T effect) {
        List<T> head = sent.peek();
        if (head == null) {
            routing.add(effect);
        } else if (head == NONE) {
            sent.poll();
            sent.addFirst(new ArrayList<>(List.of(effect)));
        } else {
            head.add(effect);
        }
        size++;
    }

    @SuppressWarnings("unchecked")
    private List<T> none() {
        return (List<T>) NONE;
    }

    /** The effects of the request being routed, in order. */
    List<T> routing() {
        return routing;
    }

    /** The transaction's effects, in the order they happened. */
    List<T> answered() {
        return answered;
    }

    /** Everything in order: answered, then sent, then the request being routed. */
    List<T> all() {
        List<T> all = new ArrayList<>(answered);
        sent.forEach(all::addAll);
        all.addAll(routing);
        return all;
    }

    boolean hasAny() {
        return size > 0;
    }

    /** The transaction ended: its effects were applied, or undone with it. */
    void clearAnswered() {
        size -= answered.size();
        answered.clear();
    }

    /** The server and every request on it are lost. */
    void clear() {
        routing = new ArrayList<>();
        sent.clear();
        answered.clear();
        size = 0;
    }
}
