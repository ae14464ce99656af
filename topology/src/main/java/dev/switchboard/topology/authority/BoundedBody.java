// BoundedBody: an HTTP body handler that collects the body into a byte array and fails past a size bound.
package dev.switchboard.topology.authority;

import java.io.IOException;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * {@link java.net.http.HttpResponse.BodyHandlers#ofByteArray()} with a limit: a response that runs past
 * {@code maxBytes} cancels the exchange and completes exceptionally instead of filling the heap.
 */
final class BoundedBody {
    private BoundedBody() {
    }

    static BodyHandler<byte[]> atMost(int maxBytes) {
        return info -> new Subscriber(maxBytes);
    }

    private static final class Subscriber implements BodySubscriber<byte[]> {
        private final BodySubscriber<byte[]> collected = BodySubscribers.ofByteArray();
        private final int maxBytes;
        private Flow.Subscription subscription;
        private long received;
        private boolean failed;

        Subscriber(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return collected.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            collected.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (failed) {
                return; // buffers already in flight when the subscription was cancelled
            }
            for (ByteBuffer item : items) {
                received += item.remaining();
            }
            if (received > maxBytes) {
                failed = true;
                subscription.cancel();
                collected.onError(new IOException("response body larger than " + maxBytes + " bytes"));
                return;
            }
            collected.onNext(items);
        }

        @Override
        public void onError(Throwable error) {
            if (!failed) {
                collected.onError(error);
            }
        }

        @Override
        public void onComplete() {
            if (!failed) {
                collected.onComplete();
            }
        }
    }
}
