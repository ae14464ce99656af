// CancelKeys: mints the cancel keys the proxy gives its clients and finds the session a cancel request names.
package dev.switchboard.proxy.cancel;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keys are ours, never the backend's: a client keeps its key while its backend changes, and a key
 * reveals nothing about which backend serves it. The process id is random and unique among live
 * sessions; the secret is random, 4 bytes for a 3.0 client (libpq rejects more) and 32 for 3.2.
 */
public final class CancelKeys {

    /** What a key points to: something that can cancel the query it is running now. */
    public interface Cancellable {
        /** Completes once the server has taken the cancel (or it could not be delivered). */
        CompletionStage<Void> cancelCurrentQuery();
    }

    /** A minted key; {@link #close()} forgets it when the session ends. */
    public final class Key implements AutoCloseable {
        private final int processId;
        private final byte[] secret;
        private final Cancellable target;

        private Key(int processId, byte[] secret, Cancellable target) {
            this.processId = processId;
            this.secret = secret;
            this.target = target;
        }

        public int processId() {
            return processId;
        }

        public byte[] secret() {
            return secret.clone();
        }

        @Override
        public void close() {
            live.remove(processId, this);
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<Integer, Key> live = new ConcurrentHashMap<>();
    /** With peers: keys name this instance and are signed (see {@link PeerKeys}); null without. */
    private final PeerKeys peers;

    public CancelKeys() {
        this(null);
    }

    public CancelKeys(PeerKeys peers) {
        this.peers = peers;
    }

    /** The peering this instance's keys follow, or null. */
    public PeerKeys peers() {
        return peers;
    }

    public Key mint(int secretLength, Cancellable target) {
        if (secretLength < 4 || secretLength > 256) {
            throw new IllegalArgumentException("cancel key length must be 4..256, got " + secretLength);
        }
        byte[] secret = new byte[secretLength];
        random.nextBytes(secret);
        for (;;) {
            int pid = peers != null ? peers.processId(random.nextInt())
                    : random.nextInt(Integer.MAX_VALUE - 1) + 1; // positive, like a real pid
            Key key = new Key(pid, peers != null ? peers.sign(pid, secret, secretLength) : secret, target);
            if (live.putIfAbsent(pid, key) == null) {
                return key;
            }
        }
    }

    /**
     * Takes on a key another process minted (a client handed over to this one keeps the key it was given).
     * Returns null when this process already has a key with that process id: the client cannot be cancelled
     * by its old key then, as after a restart.
     */
    public Key adopt(int processId, byte[] secret, Cancellable target) {
        Key key = new Key(processId, secret.clone(), target);
        return live.putIfAbsent(processId, key) == null ? key : null;
    }

    /**
     * Cancels the query of the session with this key; a wrong or stale key does nothing, as in PostgreSQL.
     * Completes with whether the key was found, once the cancel is delivered.
     */
    public CompletionStage<Boolean> cancel(int processId, byte[] secret) {
        Key key = live.get(processId);
        if (key == null || !MessageDigest.isEqual(key.secret, secret)) {
            return CompletableFuture.completedFuture(false);
        }
        return key.target.cancelCurrentQuery().thenApply(delivered -> true);
    }

    public int size() {
        return live.size();
    }
}
