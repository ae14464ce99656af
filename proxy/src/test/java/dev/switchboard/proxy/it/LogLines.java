// LogLines: a logger's messages captured while a test runs, to check what the proxy logs.
package dev.switchboard.proxy.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/** The logger's level is raised for the capture and put back on close. */
final class LogLines implements AutoCloseable {
    private final Logger logger;
    private final Level before;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    private LogLines(Logger logger, Level level) {
        this.logger = logger;
        this.before = logger.getLevel();
        lines.start();
        logger.setLevel(level);
        logger.addAppender(lines);
    }

    static LogLines capture(String loggerName, Level level) {
        return new LogLines((Logger) LoggerFactory.getLogger(loggerName), level);
    }

    /** Waits until a message containing {@code text} was logged. */
    void await(String text) {
        Await.until("a log line containing \"" + text + "\"", Duration.ofSeconds(30), () -> {
            // The appender adds under its own lock (logback's AppenderBase), from the event loops.
            synchronized (lines) {
                return lines.list.stream().map(ILoggingEvent::getFormattedMessage).anyMatch(m -> m.contains(text));
            }
        });
    }

    @Override
    public void close() {
        logger.detachAppender(lines);
        logger.setLevel(before);
    }
}
