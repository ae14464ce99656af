// Conversation: a scripted client↔proxy↔server exchange on EmbeddedChannels, for flow tests of the link layer.
package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.config.UserConfig;
import dev.switchboard.protocol.Encodable;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameLimits;
import dev.switchboard.protocol.backend.DataRow;
import dev.switchboard.proxy.backend.EmbeddedServers;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.frontend.ClientConnection;
import dev.switchboard.proxy.frontend.StartedClients;
import dev.switchboard.proxy.session.SessionStarter;
import dev.switchboard.proxy.txn.TransactionLink;
import dev.switchboard.topology.NodeObservation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One transaction- or statement-mode client on an {@link EmbeddedChannel}, in front of server connections
 * that are EmbeddedChannels too: each server the pool opens is added to {@link #servers()} in order.
 * A test reads as the exchange it checks: the client sends, a server gets, the server answers, the client
 * gets. Messages are compared by their type letters ("PBES"); {@link Message#text()} shows the body.
 */
public final class Conversation implements AutoCloseable {
    public static final String NODE = "127.0.0.1:5432";

    /** One protocol message as written by the proxy, for assertions. */
    public record Message(char type, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return type + ":" + text().replace('\0', '|');
        }
    }

    private final EmbeddedChannel client = new EmbeddedChannel();
    private final List<ServerConn> servers = new ArrayList<>();
    private final ProxyContext context;

    private Conversation(String yaml, Map<String, String> startupSettings) {
        SwitchboardConfig config;
        try {
            config = ConfigLoader.parse(yaml, "conversation.yaml", Map.of());
        } catch (dev.switchboard.config.ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        context = new ProxyContext(config, Transport.detect(), client.eventLoop(), (database, user, node) -> () -> {
            ServerConn server = EmbeddedServers.server("s" + (servers.size() + 1), NODE);
            servers.add(server);
            return CompletableFuture.completedFuture(server);
        });
        DatabaseConfig database = config.database("app").orElseThrow();
        UserConfig user = config.users().get("app");
        context.routing(database).topology().observe(NodeObservation.primary(NODE, 100, 1, 42, Instant.now()));
        client.pipeline().addLast("framer", new FrameDecoder(FrameLimits.frontendDefaults(1 << 20)));
        ClientConnection connection = StartedClients.started(client, "app", "app", startupSettings);
        // As after authentication: the session start leases the first server and puts the link in its place.
        client.pipeline().addLast("starter", new SessionStarter(context, connection, user));
        settle();
    }

    /** A transaction-mode client of database "app" with a pool of {@code poolSize}, greeted and idle. */
    public static Conversation transactionMode(int poolSize) {
        return transactionMode(poolSize, Map.of());
    }

    /** A transaction-mode client that gave {@code startupSettings}; its first server is being brought to them. */
    public static Conversation transactionMode(int poolSize, Map<String, String> startupSettings) {
        return new Conversation(yaml("transaction", poolSize), startupSettings);
    }

    /** A session-mode client of database "app" that gave {@code startupSettings}, greeted and idle. */
    public static Conversation sessionMode(int poolSize, Map<String, String> startupSettings) {
        return new Conversation(yaml("session", poolSize), startupSettings);
    }

    private static String yaml(String mode, int poolSize) {
        return """
                listen: { address: 127.0.0.1, port: 0 }
                pool: { mode: %s, size: %d, wait_timeout: 5s }
                limits: { stall_timeout: 0 }
                clusters:
                  main: { nodes: [ "%s" ] }
                databases:
                  app: { cluster: main, dbname: app }
                users:
                  - { name: app, password: app, auth: scram-sha-256 }
                """.formatted(mode, poolSize, NODE);
    }

    public EmbeddedChannel clientChannel() {
        return client;
    }

    public List<ServerConn> servers() {
        return servers;
    }

    public ServerConn server(int index) {
        return servers.get(index);
    }

    public EmbeddedChannel serverChannel(int index) {
        return EmbeddedServers.channel(servers.get(index));
    }

    public ProxyContext context() {
        return context;
    }

    /** The transaction-mode link the session start put in place. */
    public TransactionLink link() {
        return (TransactionLink) client.pipeline().get("session");
    }

    public Conversation clientSends(Encodable... messages) {
        client.writeInbound(encode(messages));
        settle();
        return this;
    }

    public Conversation serverAnswers(int index, Encodable... messages) {
        serverChannel(index).writeInbound(encode(messages));
        settle();
        return this;
    }

    /** The messages the proxy sent to server {@code index} since the last look; their types must be {@code types}. */
    public List<Message> serverGets(int index, String types) {
        return expect("server " + (index + 1), serverChannel(index), types);
    }

    /** The messages the proxy sent to the client since the last look; their types must be {@code types}. */
    public List<Message> clientGets(String types) {
        return expect("client", client, types);
    }

    /** A DataRow of text values, as a message to script. */
    public static Encodable row(String... values) {
        return out -> DataRow.writeText(out, List.of(values));
    }

    /** Runs whatever the channels queued (hops between loops are queued tasks on EmbeddedChannels too). */
    public void settle() {
        for (int round = 0; round < 10; round++) {
            client.runPendingTasks();
            for (ServerConn server : List.copyOf(servers)) {
                EmbeddedServers.channel(server).runPendingTasks();
            }
        }
    }

    private static List<Message> expect(String who, EmbeddedChannel channel, String types) {
        List<Message> messages = read(channel);
        StringBuilder seen = new StringBuilder();
        messages.forEach(m -> seen.append(m.type()));
        assertEquals(types, seen.toString(), who + " got " + messages);
        return messages;
    }

    private static List<Message> read(EmbeddedChannel channel) {
        channel.flush();
        ByteBuf all = Unpooled.buffer();
        for (Object out; (out = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) out;
            all.writeBytes(buf);
            buf.release();
        }
        List<Message> messages = new ArrayList<>();
        while (all.readableBytes() >= 5) {
            char type = (char) all.readByte();
            int length = all.readInt();
            byte[] body = new byte[length - 4];
            all.readBytes(body);
            messages.add(new Message(type, body));
        }
        assertEquals(0, all.readableBytes(), "a partial message: " + ByteBufUtil.hexDump(all));
        all.release();
        return messages;
    }

    private static ByteBuf encode(Encodable... messages) {
        ByteBuf out = Unpooled.buffer();
        for (Encodable m : messages) {
            m.encode(out);
        }
        return out;
    }

    /** Ends the client and checks that nothing was left unread on any channel. */
    @Override
    public void close() {
        client.close();
        settle();
        read(client);
        assertFalse(client.finish(), "the client channel has unread messages");
        for (ServerConn server : servers) {
            EmbeddedChannel channel = EmbeddedServers.channel(server);
            read(channel);
            channel.finishAndReleaseAll();
        }
        context.close();
    }
}
