package dev.switchboard.proxy.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sends beyond the window wait, in order, for the successor's acknowledgements; a lost successor lets them all fail. */
class SocketWindowTest {

    @Test
    void sendsWaitForRoomAndKeepTheirOrder() {
        SocketWindow window = new SocketWindow(4);
        List<String> sent = new ArrayList<>();
        window.submit(1, () -> sent.add("listener"));
        window.submit(2, () -> sent.add("session"));
        window.submit(1, () -> sent.add("client a"));
        window.submit(1, () -> sent.add("client b"));
        window.submit(0, () -> sent.add("end"));
        assertEquals(List.of("listener", "session", "client a"), sent);
        assertEquals(4, window.inFlight());
        assertEquals(2, window.waiting());
        window.acknowledged(1);
        assertEquals(List.of("listener", "session", "client a", "client b", "end"), sent, "the end comes last");
        assertEquals(0, window.waiting());
    }

    @Test
    void aSendLargerThanTheWindowStillGoesWhenNothingIsInFlight() {
        SocketWindow window = new SocketWindow(1);
        List<String> sent = new ArrayList<>();
        window.submit(2, () -> sent.add("session"));
        assertEquals(List.of("session"), sent);
    }

    @Test
    void aLostSuccessorReleasesEveryWaitingSend() {
        SocketWindow window = new SocketWindow(1);
        List<String> sent = new ArrayList<>();
        window.submit(1, () -> sent.add("a"));
        window.submit(1, () -> sent.add("b"));
        window.submit(1, () -> sent.add("c"));
        window.closed();
        assertEquals(List.of("a", "b", "c"), sent);
    }

    @Test
    void anAcknowledgementOfMoreThanWasSentIsRefused() {
        SocketWindow window = new SocketWindow(8);
        window.submit(1, () -> { });
        assertThrows(HandoffException.class, () -> window.acknowledged(2));
    }
}
