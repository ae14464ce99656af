// Tests for ServerHandler: how a failed server connection is logged.
package dev.switchboard.proxy.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ServerHandlerTest {

    /** The one line logged when {@code cause} ends a fresh server connection. */
    private static ILoggingEvent loggedFor(Throwable cause) {
        Logger logger = (Logger) LoggerFactory.getLogger(ServerHandler.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            ServerConn server = EmbeddedServers.server("s1");
            EmbeddedChannel channel = EmbeddedServers.channel(server);
            channel.pipeline().fireExceptionCaught(cause);
            assertFalse(channel.isOpen(), "the connection is closed");
            List<ILoggingEvent> logged = lines.list;
            assertEquals(1, logged.size(), logged::toString);
            return logged.get(0);
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void theProxysOwnFaultIsLoggedWithWhereItHappened() {
        ILoggingEvent line = loggedFor(new OutOfMemoryError("Cannot reserve 134217728 bytes of direct buffer memory"));
        assertNotNull(line.getThrowableProxy(), "an error of the JVM comes with its stack");
        assertNotNull(loggedFor(new IllegalStateException("unexpected")).getThrowableProxy(),
                "an unexpected exception of the proxy comes with its stack");
    }

    @Test
    void theConnectionsFaultIsOneLine() {
        ILoggingEvent line = loggedFor(new IOException("Connection reset by peer"));
        assertEquals("[s1] server connection failed: java.io.IOException: Connection reset by peer",
                line.getFormattedMessage());
        assertNull(line.getThrowableProxy(), "a lost connection needs no stack");
        assertNull(loggedFor(new DecoderException("bad length")).getThrowableProxy(),
                "bad input from the server needs no stack");
    }
}
