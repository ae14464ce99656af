// RequestBatchesTest: the lazily built batches against a plain model of requests and their effects, over seeded random runs.
package dev.switchboard.proxy.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestBatchesTest {
    private static final long SEED = Long.getLong("batches.seed", System.nanoTime());

    /**
     * What the batches must answer, kept the plain way: one list per request, a queue of the sent ones, the
     * answered effects. The batches keep less (no list for a request without effects) and must answer the same.
     */
    private static final class Model {
        List<Integer> routing = new ArrayList<>();
        final ArrayDeque<List<Integer>> sent = new ArrayDeque<>();
        final List<Integer> answered = new ArrayList<>();

        void add(int effect) {
            routing.add(effect);
        }

        void requestSent() {
            sent.add(routing);
            routing = new ArrayList<>();
        }

        void requestAnswered() {
            List<Integer> head = sent.poll();
            if (head != null) {
                answered.addAll(head);
            }
        }

        List<Integer> answering() {
            return sent.isEmpty() ? routing : sent.peek();
        }

        void addAnswering(int effect) {
            answering().add(effect);
        }

        List<Integer> all() {
            List<Integer> all = new ArrayList<>(answered);
            sent.forEach(all::addAll);
            all.addAll(routing);
            return all;
        }

        void clear() {
            routing = new ArrayList<>();
            sent.clear();
            answered.clear();
        }
    }

    @Test
    void answersAsOneListPerRequestWouldOverSeededRandomRuns() {
        System.out.println("[RequestBatchesTest] seed " + SEED + " (repeat with -Dbatches.seed=" + SEED + ")");
        Random random = new Random(SEED);
        for (int run = 0; run < 500; run++) {
            RequestBatches<Integer> batches = new RequestBatches<>();
            Model model = new Model();
            StringBuilder steps = new StringBuilder();
            int next = 0;
            for (int step = 0; step < 60; step++) {
                int op = random.nextInt(100);
                if (op < 10) { // effects are rare: most requests have none
                    steps.append(" add");
                    batches.add(next);
                    model.add(next++);
                } else if (op < 13) {
                    steps.append(" addAll");
                    List<Integer> effects = List.of(next++, next++);
                    batches.addAll(effects);
                    effects.forEach(model::add);
                } else if (op < 18) {
                    steps.append(" addAnswering");
                    batches.addAnswering(next);
                    model.addAnswering(next++);
                } else if (op < 50) {
                    steps.append(" sent");
                    batches.requestSent();
                    model.requestSent();
                } else if (op < 82) {
                    steps.append(" answered");
                    batches.requestAnswered();
                    model.requestAnswered();
                } else if (op < 95) {
                    steps.append(" clearAnswered");
                    batches.clearAnswered();
                    model.answered.clear();
                } else {
                    steps.append(" clear");
                    batches.clear();
                    model.clear();
                }
                String where = "seed " + SEED + ", run " + run + ":" + steps;
                assertEquals(model.routing, batches.routing(), where);
                assertEquals(model.answering(), batches.answering(), where);
                assertEquals(model.answered, batches.answered(), where);
                assertEquals(model.all(), batches.all(), where);
                assertEquals(!model.all().isEmpty(), batches.hasAny(), where);
            }
        }
    }

    @Test
    void aRequestWithoutEffectsHeldBeforeOneWithEffectsKeepsItsPlaceInLine() {
        RequestBatches<String> batches = new RequestBatches<>();
        batches.requestSent(); // Close; Sync: no effect
        batches.add("SET a");
        batches.requestSent(); // SET a; Sync
        assertEquals(List.of(), batches.answering(), "the server answers the first request first");

        batches.requestAnswered();
        assertEquals(List.of(), batches.answered());
        assertEquals(List.of("SET a"), batches.answering());

        batches.requestAnswered();
        assertEquals(List.of("SET a"), batches.answered());
        assertTrue(batches.hasAny());
        batches.clearAnswered();
        assertFalse(batches.hasAny());
    }

    @Test
    void anEffectReportedWhileARequestWithoutEffectsIsAnsweredJoinsThatRequest() {
        RequestBatches<String> batches = new RequestBatches<>();
        batches.requestSent();
        batches.requestSent();
        batches.addAnswering("reported");
        assertEquals(List.of("reported"), batches.answering());

        batches.requestAnswered();
        assertEquals(List.of("reported"), batches.answered());
        assertEquals(List.of(), batches.answering(), "the second request had none");
    }
}
