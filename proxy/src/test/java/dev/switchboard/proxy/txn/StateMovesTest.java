// StateMovesTest: the moves the link layer's states allow, and the ones they refuse.
package dev.switchboard.proxy.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateMovesTest {

    @Test
    void aClientMovesOnlyAlongItsConversation() {
        Set<String> allowed = Set.of("STARTING>ACTIVE", "STARTING>ENDED", "ACTIVE>OWES_ERROR", "ACTIVE>SKIPPING_TO_SYNC",
                "ACTIVE>ENDED", "OWES_ERROR>ACTIVE", "OWES_ERROR>SKIPPING_TO_SYNC", "OWES_ERROR>ENDED",
                "SKIPPING_TO_SYNC>ACTIVE", "SKIPPING_TO_SYNC>ENDED", "ACTIVE>MOVING", "MOVING>ACTIVE", "MOVING>ENDED");
        for (ClientState from : ClientState.values()) {
            for (ClientState to : ClientState.values()) {
                if (allowed.contains(from + ">" + to)) {
                    assertEquals(to, from.moveTo(to, "c1"));
                } else {
                    assertThrows(IllegalStateException.class, () -> from.moveTo(to, "c1"), from + " > " + to);
                }
            }
        }
        assertTrue(EnumSet.of(ClientState.ACTIVE, ClientState.OWES_ERROR, ClientState.SKIPPING_TO_SYNC).stream()
                .allMatch(ClientState::started));
    }

    @Test
    void theGiveBackDecisionFollowsWhatTiesTheClientToItsServer() {
        assertEquals(GiveBack.NOT_YET, GiveBack.next(false, false, false, false, false, false));
        assertEquals(GiveBack.NOT_YET, GiveBack.next(true, true, false, false, false, false), "a cancel on its way");
        assertEquals(GiveBack.STAY_PINNED, GiveBack.next(true, false, true, false, true, true));
        assertEquals(GiveBack.CHECK_PINS, GiveBack.next(true, false, true, true, true, true));
        assertEquals(GiveBack.UNLISTEN, GiveBack.next(true, false, false, false, true, true));
        assertEquals(GiveBack.CAPTURE_COMMIT_TOKEN, GiveBack.next(true, false, false, false, false, true));
        assertEquals(GiveBack.RELEASE, GiveBack.next(true, false, false, false, false, false));
    }

    @Test
    void aLostServerIsAnsweredForWhereTheClientWas() {
        assertEquals(AfterLoss.RESEND, AfterLoss.decide(true, false, true, true, true, true));
        assertEquals(AfterLoss.END_SESSION, AfterLoss.decide(false, false, true, false, false, false), "pinned");
        assertEquals(AfterLoss.END_SESSION, AfterLoss.decide(false, true, false, false, false, false), "starting");
        assertEquals(AfterLoss.ANSWER_NOW, AfterLoss.decide(false, false, false, false, true, true));
        assertEquals(AfterLoss.ANSWER_AT_SYNC, AfterLoss.decide(false, false, false, true, true, false));
        assertEquals(AfterLoss.OWE_ERROR, AfterLoss.decide(false, false, false, true, false, false));
        assertEquals(AfterLoss.NOTHING, AfterLoss.decide(false, false, false, false, false, false));
    }
}
