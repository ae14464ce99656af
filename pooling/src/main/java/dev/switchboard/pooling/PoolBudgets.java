// The shared budgets one pool draws on: taking a slot in all of them or none, and giving slots back.
package dev.switchboard.pooling;

import java.util.List;

/**
 * One pool's view of its {@link ConnectionBudget}s. Every method may run under the pool's lock: it only
 * touches atomics and concurrent sets, and leaves nudges (which take other pools' locks) to the outbox.
 */
final class PoolBudgets {

    private final List<ConnectionBudget> budgets;

    PoolBudgets(List<ConnectionBudget> budgets) {
        this.budgets = List.copyOf(budgets);
    }

    List<ConnectionBudget> list() {
        return budgets;
    }

    void join(Pool<?> pool) {
        budgets.forEach(b -> b.join(pool));
    }

    void leave(Pool<?> pool) {
        budgets.forEach(b -> b.leave(pool));
    }

    /**
     * Takes a slot in every budget, or none: returns the budget that refused (after giving back the slots
     * already taken), or null. {@code watch}: register {@code pool} for a nudge when refused, then try once
     * more, so that a slot given back in between is not missed.
     */
    ConnectionBudget reserve(Pool<?> pool, boolean watch, Outbox<?> out) {
        for (int i = 0; i < budgets.size(); i++) {
            ConnectionBudget budget = budgets.get(i);
            if (budget.tryReserve()) {
                continue;
            }
            if (watch) {
                budget.watch(pool);
                if (budget.tryReserve()) {
                    continue;
                }
            }
            for (int j = 0; j < i; j++) {
                // Held for an instant only, but a pool refused meanwhile is waiting for a nudge.
                budgets.get(j).free();
                out.nudge(budgets.get(j));
            }
            return budget;
        }
        return null;
    }

    /** Gives back the slots of one closed connection; the outbox nudges the pools waiting for them. */
    void release(Outbox<?> out) {
        for (ConnectionBudget budget : budgets) {
            budget.free();
            out.nudge(budget);
        }
    }

    /** Whether another pool is waiting for a slot of one of these budgets. */
    boolean wantedElsewhere(Pool<?> pool) {
        for (ConnectionBudget budget : budgets) {
            if (budget.starvedOtherThan(pool)) {
                return true;
            }
        }
        return false;
    }
}
