// RequestBatches: what a client's requests would change, kept per request until the server has answered it.
package dev.switchboard.proxy.txn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A client may pipeline requests (pgJDBC sends {@code Close; Sync} and {@code BEGIN; SET …; Sync} in one
 * write). An effect belongs to the request that caused it: it is collected while that request is routed,
 * set aside when its end (Query, Sync) is sent, and joins the transaction's effects only when the server
 * answers that request with ReadyForQuery. So the ReadyForQuery that ends one transaction never applies what
 * a later, still unanswered request did. Confined to the client's event loop.
 *
 * <p>Nearly every request has no effect, and thousands of clients may sit idle: the lists and the queue are
 * made only when an effect arrives, and requests without effects are only counted while none sent has any.
 */
final class RequestBatches<T> {
    /** A sent request without effects (most are): no list allocated for it. */
    private static final List<Object> NONE = List.of();

    /** The request being routed (no end sent yet); null while it has no effects. */
    private List<T> routing;
    /**
     * Requests whose end was sent, oldest first; the head is the one the server answers now. Null while none
     * of them has effects: then {@link #sentWithout} counts them.
     */
    private ArrayDeque<List<T>> sent;
    /** Requests sent without effects, while {@link #sent} is null. */
    private int sentWithout;
    /** Answered requests' effects of the transaction still open (or just ended); null while none. */
    private List<T> answered;
    /** How many effects are held in all: most clients have none, and asking must cost nothing then. */
    private int size;

    void add(T effect) {
        routingList().add(effect);
        size++;
    }

    void addAll(List<T> effects) {
        if (effects.isEmpty()) {
            return; // most requests: and addAll would copy even an empty list into a new array
        }
        routingList().addAll(effects);
        size += effects.size();
    }

    /** The request's end went to the server. */
    void requestSent() {
        if (routing == null) {
            if (sent == null) {
                sentWithout++;
            } else {
                sent.add(none());
            }
            return;
        }
        sentQueue().add(routing);
        routing = null;
    }

    /** The server answered the oldest request sent: its effects join the transaction's. */
    void requestAnswered() {
        if (sent == null) {
            if (sentWithout > 0) {
                sentWithout--;
            }
            return;
        }
        List<T> head = sent.poll();
        if (sent.isEmpty()) {
            sent = null;
        }
        if (head != null && !head.isEmpty()) {
            answeredList().addAll(head);
        }
    }

    /** The effects of the request the server is answering now (read only). */
    List<T> answering() {
        List<T> head = sent != null ? sent.peek() : sentWithout > 0 ? none() : routing;
        return head == null ? none() : Collections.unmodifiableList(head);
    }

    /** Adds an effect to the request the server is answering now (one it reported). */
    void addAnswering(T effect) {
        if (sent == null && sentWithout == 0) {
            routingList().add(effect);
        } else {
            ArrayDeque<List<T>> queue = sentQueue();
            List<T> head = queue.peek();
            if (head == NONE) {
                queue.poll();
                queue.addFirst(new ArrayList<>(List.of(effect)));
            } else {
                head.add(effect);
            }
        }
        size++;
    }

    /** The effects of the request being routed, in order (not to be changed: no copy is made). */
    List<T> routing() {
        return routing == null ? none() : routing;
    }

    /** The transaction's effects, in the order they happened (not to be changed: no copy is made). */
    List<T> answered() {
        return answered == null ? none() : answered;
    }

    /** Everything in order: answered, then sent, then the request being routed. */
    List<T> all() {
        List<T> all = new ArrayList<>(answered());
        if (sent != null) {
            sent.forEach(all::addAll);
        }
        all.addAll(routing());
        return all;
    }

    boolean hasAny() {
        return size > 0;
    }

    /** The transaction ended: its effects were applied, or undone with it. */
    void clearAnswered() {
        if (answered != null) {
            size -= answered.size();
            answered = null;
        }
    }

    /** The server and every request on it are lost. */
    void clear() {
        routing = null;
        sent = null;
        sentWithout = 0;
        answered = null;
        size = 0;
    }

    private List<T> routingList() {
        if (routing == null) {
            routing = new ArrayList<>(2);
        }
        return routing;
    }

    private List<T> answeredList() {
        if (answered == null) {
            answered = new ArrayList<>(2);
        }
        return answered;
    }

    /** The queue of sent requests, made when the first with effects is sent: the ones before it had none. */
    private ArrayDeque<List<T>> sentQueue() {
        if (sent == null) {
            sent = new ArrayDeque<>(sentWithout + 2);
            for (; sentWithout > 0; sentWithout--) {
                sent.add(none());
            }
        }
        return sent;
    }

    @SuppressWarnings("unchecked")
    private List<T> none() {
        return (List<T>) NONE;
    }
}
