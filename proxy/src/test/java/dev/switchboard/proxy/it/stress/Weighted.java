// Weighted: a seeded weighted choice among the steps a client may take next.
package dev.switchboard.proxy.it.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

final class Weighted<T> {
    private final List<T> items = new ArrayList<>();
    private final List<Integer> weights = new ArrayList<>();
    private int total;

    void clear() {
        items.clear();
        weights.clear();
        total = 0;
    }

    /** A weight of 0 leaves the item out. */
    void add(int weight, T item) {
        if (weight > 0) {
            items.add(item);
            weights.add(weight);
            total += weight;
        }
    }

    T pick(Random rnd) {
        int r = rnd.nextInt(total);
        for (int i = 0; i < items.size(); i++) {
            r -= weights.get(i);
            if (r < 0) {
                return items.get(i);
            }
        }
        throw new IllegalStateException("weights changed while picking");
    }
}
