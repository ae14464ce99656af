// EventLoopsTest: how many event loops the proxy runs by default for the cores it has.
package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EventLoopsTest {

    @Test
    void oneLoopPerTwoCoresAndNeverNone() {
        assertEquals(1, SwitchboardServer.defaultEventLoops(1));
        assertEquals(1, SwitchboardServer.defaultEventLoops(2));
        assertEquals(2, SwitchboardServer.defaultEventLoops(4));
        assertEquals(8, SwitchboardServer.defaultEventLoops(16));
    }
}
