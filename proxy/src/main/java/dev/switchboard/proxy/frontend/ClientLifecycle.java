// ClientLifecycle: first handler of a client channel — counts the connection and enforces the startup deadline.
package dev.switchboard.proxy.frontend;

import dev.switchboard.proxy.ProxyContext;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lives for the whole connection. The client must reach its first ReadyForQuery within the startup
 * timeout, whatever phase it stalls in (half a startup packet, a silent SCRAM exchange, a slow pool):
 * the session fires {@link #SESSION_STARTED} to stop the clock.
 */
public final class ClientLifecycle extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientLifecycle.class);

    /** User event fired down the pipeline when the client has received its first ReadyForQuery. */
    public static final Object SESSION_STARTED = new Object() {
        @Override
        public String toString() {
            return "SESSION_STARTED";
        }
    };

    private final ProxyContext context;
    private ScheduledFuture<?> startupTimeout;

    public ClientLifecycle(ProxyContext context) {
        this.context = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        context.clients().incrementAndGet();
        long millis = context.config().limits().startupTimeout().toMillis();
        if (millis > 0) { // 0 means no limit
            scheduleDeadline(ctx, millis);
        }
        ctx.fireChannelActive();
    }

    private void scheduleDeadline(ChannelHandlerContext ctx, long millis) {
        startupTimeout = ctx.executor().schedule(() -> {
            log.info("[{}] startup not completed within {} ms; closing", ClientAttributes.describe(ctx.channel()), millis);
            ClientErrors.fatal(ctx.channel(), "08P01", "startup not completed within " + millis + " ms");
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == SESSION_STARTED) {
            stopClock();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopClock();
        context.clients().decrementAndGet();
        ctx.fireChannelInactive();
    }

    private void stopClock() {
        if (startupTimeout != null) {
            startupTimeout.cancel(false);
            startupTimeout = null;
        }
    }
}
