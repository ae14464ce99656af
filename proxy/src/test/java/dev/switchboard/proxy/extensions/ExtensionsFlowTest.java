// ExtensionsFlowTest: negotiated extensions and middleware settings, message by message, in every pool mode.
package dev.switchboard.proxy.extensions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.Encodable;
import dev.switchboard.protocol.backend.CommandComplete;
import dev.switchboard.protocol.backend.DataRow;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.NoticeResponse;
import dev.switchboard.protocol.backend.ParameterStatus;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.protocol.backend.RowDescription;
import dev.switchboard.protocol.frontend.Bind;
import dev.switchboard.protocol.frontend.Describe;
import dev.switchboard.protocol.frontend.Execute;
import dev.switchboard.protocol.frontend.Parse;
import dev.switchboard.protocol.frontend.Query;
import dev.switchboard.protocol.frontend.Sync;
import dev.switchboard.proxy.Conversation;
import dev.switchboard.proxy.Conversation.Message;
import dev.switchboard.topology.NodeObservation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtensionsFlowTest {

    private static ParameterStatus status(Message m) {
        assertEquals('S', m.type(), m.toString());
        ByteBuf body = Unpooled.wrappedBuffer(m.body());
        return ParameterStatus.decode(body);
    }

    private static byte[] bytes(Encodable... messages) {
        ByteBuf out = Unpooled.buffer();
        for (Encodable m : messages) {
            m.encode(out);
        }
        byte[] b = new byte[out.readableBytes()];
        out.readBytes(b);
        return b;
    }

    private static byte[] bytes(List<Message> messages) {
        List<Encodable> encodable = new ArrayList<>();
        for (Message m : messages) {
            encodable.add(out -> out.writeByte(m.type()).writeInt(m.body().length + 4).writeBytes(m.body()));
        }
        return bytes(encodable.toArray(Encodable[]::new));
    }

    // ---- a client that asked for nothing --------------------------------------------------------------------

    /** The server's reply messages, with everything a reply can carry that the proxy looks at. */
    private static final Encodable[] REPLY = {new RowDescription(List.of(RowDescription.Field.text("x", 25))),
        Conversation.row("1"), new ParameterStatus("application_name", "b"), NoticeResponse.warning("01000", "n"),
        new CommandComplete("INSERT 0 1"), ReadyForQuery.IDLE};

    @Test
    void aTransactionModeClientThatAskedForNothingGetsTheServersBytesAndNothingMore() {
        try (Conversation c = Conversation.transactionMode(1)) {
            c.clientGets("KZ");
            c.clientSends(new Query("INSERT INTO t VALUES (1) RETURNING 1"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, REPLY);
            assertArrayEquals(bytes(REPLY), bytes(c.clientGets("TDSNCZ")));
            c.serverGets(0, ""); // no commit position is read for it
            c.context().drain(); // exists, and was not started: nothing else reaches the client
            c.context().routing(c.context().config().database("app").orElseThrow()).topology()
                    .observe(NodeObservation.primary(Conversation.NODE, 200, 2, 42, Instant.now()));
            c.settle();
            c.clientGets("");
        }
    }

    @Test
    void aSessionModeClientThatAskedForNothingGetsTheServersBytesAndNothingMore() {
        try (Conversation c = Conversation.sessionMode(1, Map.of())) {
            c.clientGets("KZ");
            c.clientSends(new Query("SELECT 'switchboard.topology'"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, REPLY);
            assertArrayEquals(bytes(REPLY), bytes(c.clientGets("TDSNCZ")));
        }
    }

    // ---- startup, greeting, SET / SHOW / RESET ----------------------------------------------------------------

    @Test
    void aClientThatAskedIsToldWhatIsActiveAndTheTopology() {
        try (Conversation c = Conversation.transactionMode(1, Map.of("options", "-c switchboard.topology=on",
                "_pq_.switchboard.commit_lsn", "yes"))) {
            List<Message> greeting = c.clientGets("SSKZ");
            assertEquals(new ParameterStatus("switchboard.extensions", "topology,commit_lsn"), status(greeting.get(0)));
            assertEquals("epoch=1;timeline=1;write=127.0.0.1:5432;standbys=;target=read-write",
                    status(greeting.get(1)).value());
        }
    }

    @Test
    void aTopologyChangeReachesAnIdleClientAtOnceAndABusyOneBeforeItsReadyForQuery() {
        try (Conversation c = Conversation.sessionMode(1, Map.of("switchboard.topology", "on"))) {
            c.clientGets("SSKZ");
            promote(c, 2);
            assertTrue(status(c.clientGets("S").get(0)).value().startsWith("epoch=2;timeline=2;"));

            c.clientSends(new Query("SELECT pg_sleep(1)"));
            c.serverGets(0, "Q");
            promote(c, 3);
            c.clientGets(""); // not inside the reply
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            List<Message> reply = c.clientGets("CSZ");
            assertTrue(status(reply.get(1)).value().startsWith("epoch=3;timeline=3;"));
        }
    }

    private static void promote(Conversation c, int timeline) {
        c.context().routing(c.context().config().database("app").orElseThrow()).topology()
                .observe(NodeObservation.primary(Conversation.NODE, 100L * timeline, timeline, 42, Instant.now()));
        c.settle();
    }

    @Test
    void middlewareSettingsAreAnsweredByTheProxyInTheSimpleProtocol() {
        try (Conversation c = Conversation.transactionMode(1)) {
            c.clientGets("KZ");
            c.clientSends(new Query("SET switchboard.topology = on"));
            List<Message> set = c.clientGets("CSSZ");
            assertEquals("SET", CommandComplete.decode(Unpooled.wrappedBuffer(set.get(0).body())).tag());
            assertEquals(new ParameterStatus("switchboard.extensions", "topology"), status(set.get(1)));
            assertEquals("switchboard.topology", status(set.get(2)).name());

            c.clientSends(new Query("show SWITCHBOARD.Topology;"));
            List<Message> show = c.clientGets("TDCZ");
            assertEquals(List.of("on"), DataRow.decode(Unpooled.wrappedBuffer(show.get(1).body())).texts());

            c.clientSends(new Query("RESET switchboard.topology"));
            List<Message> reset = c.clientGets("CSZ");
            assertEquals(new ParameterStatus("switchboard.extensions", ""), status(reset.get(1)));

            c.clientSends(new Query("SET switchboard.min_lsn TO '1/0/3000148'"));
            c.clientGets("CSZ");
            c.clientSends(new Query("SHOW switchboard.min_lsn"));
            assertEquals(List.of("1/0/3000148"),
                    DataRow.decode(Unpooled.wrappedBuffer(c.clientGets("TDCZ").get(1).body())).texts());
            c.serverGets(0, ""); // none of it reached PostgreSQL
        }
    }

    @Test
    void refusalsCarryPostgresqlsSqlstates() {
        try (Conversation c = Conversation.transactionMode(1)) {
            c.clientGets("KZ");
            assertRefused(c, "SET switchboard.nope = on", "42704");
            assertRefused(c, "SET switchboard.goaway = on", "42704");
            assertRefused(c, "SET switchboard.topology = maybe", "22023");
            assertRefused(c, "SET switchboard.min_lsn = '0/1'", "22023");
            assertRefused(c, "SET LOCAL switchboard.topology = on", "0A000");
            assertRefused(c, "SELECT 1; SET switchboard.topology = on", "0A000");
            c.serverGets(0, "");
        }
        try (Conversation c = Conversation.sessionMode(1, Map.of())) {
            c.clientGets("KZ");
            assertRefused(c, "SET switchboard.min_lsn = 'x'", "22023");
            c.serverGets(0, "");
        }
    }

    @Test
    void inSessionModeAnExtendedProtocolStatementOnAMiddlewareSettingNeverSetsAnythingOnTheServer() {
        try (Conversation c = Conversation.sessionMode(1, Map.of())) {
            c.clientGets("KZ");
            c.clientSends(new Parse("", "SET switchboard.topology = on", new int[0]), Sync.INSTANCE);
            List<Message> sent = c.serverGets(0, "PS");
            Parse replaced = Parse.decode(Unpooled.wrappedBuffer(sent.get(0).body()));
            assertTrue(replaced.query().startsWith("DO $switchboard$BEGIN RAISE EXCEPTION USING ERRCODE = '0A000'"),
                    replaced.query());
            c.serverAnswers(0, dev.switchboard.protocol.backend.ParseComplete.INSTANCE, ReadyForQuery.IDLE);
            c.clientGets("1Z");
        }
    }

    private static void assertRefused(Conversation c, String sql, String sqlState) {
        c.clientSends(new Query(sql));
        Message error = c.clientGets("EZ").get(0);
        assertEquals(sqlState, ErrorResponse.decode(Unpooled.wrappedBuffer(error.body())).sqlState(), sql);
    }

    @Test
    void middlewareSettingsInTheExtendedProtocol() {
        try (Conversation c = Conversation.transactionMode(1)) {
            c.clientGets("KZ");
            c.clientSends(new Parse("", "SET switchboard.commit_lsn = on", new int[0]),
                    out -> Bind.write(out, "", "", new short[0], List.of(), new short[0]),
                    new Describe(Describe.PORTAL, ""), new Execute("", 0), Sync.INSTANCE);
            c.clientGets("12nCSZ"); // a batch about middleware settings alone needs no server at all
            c.serverGets(0, "");

            c.clientSends(new Parse("S_1", "SHOW switchboard.commit_lsn", new int[0]),
                    new Describe(Describe.STATEMENT, "S_1"),
                    out -> Bind.write(out, "", "S_1", new short[0], List.of(), new short[0]),
                    new Execute("", 0), Sync.INSTANCE);
            List<Message> show = c.clientGets("1tT2DCZ");
            assertEquals(List.of("on"), DataRow.decode(Unpooled.wrappedBuffer(show.get(4).body())).texts());
            c.serverGets(0, "");

            // Inside a transaction the server is held: the statements are answered in order with its replies.
            c.clientSends(new Query("BEGIN"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("BEGIN"), ReadyForQuery.IN_TRANSACTION);
            c.clientGets("CZ");
            c.clientSends(new Parse("", "SET switchboard.commit_lsn = off", new int[0]),
                    out -> Bind.write(out, "", "", new short[0], List.of(), new short[0]), new Execute("", 0),
                    new Parse("", "SELECT 1", new int[0]), Sync.INSTANCE);
            c.clientGets("12C");
            c.serverGets(0, "PS");
            c.serverAnswers(0, dev.switchboard.protocol.backend.ParseComplete.INSTANCE, ReadyForQuery.IN_TRANSACTION);
            List<Message> inBlock = c.clientGets("1SZ");
            assertEquals(new ParameterStatus("switchboard.extensions", ""), status(inBlock.get(1)));
            c.clientSends(new Query("SET switchboard.topology = on"));
            assertEquals('T', c.clientGets("CSSZ").get(3).body()[0]);
            c.serverGets(0, "");
            c.clientSends(new Query("COMMIT"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("COMMIT"), ReadyForQuery.IDLE);
            c.clientGets("CZ");

            // A refused Execute skips the rest of its batch, as an error does on PostgreSQL.
            c.clientSends(new Parse("", "SET switchboard.topology = perhaps", new int[0]),
                    out -> Bind.write(out, "", "", new short[0], List.of(), new short[0]), new Execute("", 0),
                    new Parse("", "SELECT 1", new int[0]), Sync.INSTANCE);
            c.clientGets("12E");
            c.serverGets(0, "S");
            c.serverAnswers(0, ReadyForQuery.IDLE);
            c.clientGets("Z");
        }
    }

    // ---- commit_lsn -----------------------------------------------------------------------------------------

    @Test
    void theCommitPositionComesBeforeTheReadyForQueryOfTheWritingTransaction() {
        try (Conversation c = Conversation.transactionMode(1, Map.of("options", "-c switchboard.commit_lsn=on"))) {
            c.clientGets("SKZ");
            c.clientSends(new Query("INSERT INTO t VALUES (1)"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("INSERT 0 1"), ReadyForQuery.IDLE);
            c.clientGets("C"); // its ReadyForQuery waits for the position
            assertTrue(c.serverGets(0, "Q").get(0).text().contains("pg_current_wal_insert_lsn()"));
            c.serverAnswers(0, new RowDescription(List.of(RowDescription.Field.text("lsn", 3220),
                    RowDescription.Field.text("tli", 23))), Conversation.row("0/3000148", "1"),
                    new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            List<Message> rest = c.clientGets("SZ");
            assertEquals(new ParameterStatus("switchboard.commit_lsn", "1/0/3000148"), status(rest.get(0)));

            c.clientSends(new Query("SELECT 1"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ"); // a read: no position
            c.serverGets(0, "");

            c.clientSends(new Query("INSERT INTO t VALUES (2)"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, ErrorResponse.error("23505", "duplicate"), ReadyForQuery.IDLE);
            c.clientGets("EZ"); // nothing committed, nothing reported
        }
    }

    @Test
    void inSessionModeThePositionIsReadOutsideTheBlockOnceTheTransactionCommitted() {
        try (Conversation c = Conversation.sessionMode(1, Map.of("options", "-c switchboard.commit_lsn=on"))) {
            c.clientGets("SKZ");
            c.clientSends(new Query("BEGIN; INSERT INTO t VALUES (1)"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("BEGIN"), new CommandComplete("INSERT 0 1"),
                    ReadyForQuery.IN_TRANSACTION);
            c.clientGets("CCZ"); // inside the block: nothing read, nothing held
            c.serverGets(0, "");
            c.clientSends(new Query("COMMIT"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("COMMIT"), ReadyForQuery.IDLE);
            c.clientGets("C"); // its ReadyForQuery waits for the position
            assertTrue(c.serverGets(0, "Q").get(0).text().contains("pg_current_wal_insert_lsn()"));
            c.serverAnswers(0, Conversation.row("0/3000148", "1"), new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            assertEquals(new ParameterStatus("switchboard.commit_lsn", "1/0/3000148"), status(c.clientGets("SZ").get(0)));

            c.clientSends(new Parse("", "SELECT 1", new int[0]),
                    out -> Bind.write(out, "", "", new short[0], List.of(), new short[0]), new Execute("", 0), Sync.INSTANCE);
            c.serverGets(0, "PBES");
            c.serverAnswers(0, dev.switchboard.protocol.backend.ParseComplete.INSTANCE,
                    dev.switchboard.protocol.backend.BindComplete.INSTANCE, new CommandComplete("SELECT 1"),
                    ReadyForQuery.IDLE);
            c.clientGets("12CZ"); // a read: no position
            c.serverGets(0, "");

            c.clientSends(new Query("BEGIN; INSERT INTO t VALUES (2); ROLLBACK"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("BEGIN"), new CommandComplete("INSERT 0 1"),
                    new CommandComplete("ROLLBACK"), ReadyForQuery.IDLE);
            c.clientGets("CCCZ"); // rolled back: nothing reported
            c.serverGets(0, "");
        }
    }

    // ---- min_lsn in session mode -------------------------------------------------------------------------

    private static String show(Conversation c, String name) {
        c.clientSends(new Query("SHOW " + name));
        return new String(c.clientGets("TDCZ").get(1).body(), java.nio.charset.StandardCharsets.UTF_8).substring(6);
    }

    @Test
    void inSessionModeASetMinLsnIsKeptOnlyWhenTheSessionsServerHasThePosition() {
        try (Conversation c = Conversation.sessionMode(1, Map.of())) {
            c.clientGets("KZ");
            c.clientSends(new Query("SET switchboard.min_lsn = '1/0/3000148'"));
            String check = c.serverGets(0, "Q").get(0).text();
            assertTrue(check.contains("pg_last_wal_replay_lsn(), '0/0') < '0/3000148'::pg_lsn"), check);
            c.clientGets(""); // the answer waits for the server's
            c.serverAnswers(0, Conversation.row("f"), new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            List<Message> set = c.clientGets("CSZ");
            assertEquals("SET", CommandComplete.decode(Unpooled.wrappedBuffer(set.get(0).body())).tag());
            assertEquals(new ParameterStatus("switchboard.extensions", "min_lsn"), status(set.get(1)));
            assertEquals("1/0/3000148", show(c, "switchboard.min_lsn"));

            c.clientSends(new Query("SET switchboard.min_lsn = '1/0/4000000'"), new Query("SELECT 2"));
            c.serverGets(0, "Q"); // the SELECT waits in the proxy: nothing may come between the check and the answer
            c.serverAnswers(0, Conversation.row("t"), new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            Message refused = c.clientGets("EZ").get(0); // behind, and replay_wait is 0
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
            assertEquals("55000", ErrorResponse.decode(Unpooled.wrappedBuffer(refused.body())).sqlState());
            assertEquals("1/0/3000148", show(c, "switchboard.min_lsn"), "a refused SET changes nothing");

            c.clientSends(new Query("BEGIN"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("BEGIN"), ReadyForQuery.IN_TRANSACTION);
            c.clientGets("CZ");
            assertRefused(c, "SET switchboard.min_lsn = '1/0/4000000'", "25001");
            c.clientSends(new Query("RESET switchboard.min_lsn")); // turning it off needs no server
            c.clientGets("CSZ");
            c.serverGets(0, "");
        }
    }

    @Test
    void aServerLostWhileThePositionIsReadStillAnswersTheClient() {
        try (Conversation c = Conversation.transactionMode(1, Map.of("switchboard.commit_lsn", "on"))) {
            c.clientGets("SKZ");
            c.clientSends(new Query("INSERT INTO t VALUES (1)"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("INSERT 0 1"), ReadyForQuery.IDLE);
            c.clientGets("C");
            c.serverGets(0, "Q");
            c.serverChannel(0).close();
            c.settle();
            c.clientGets("Z");
        }
    }

    // ---- drain ---------------------------------------------------------------------------------------------

    @Test
    void aDrainTellsIdleClientsAtOnceBusyOnesAtTheirNextReadyForQueryAndClosesThemAfterTheGrace() {
        try (Conversation c = Conversation.transactionMode(1, Map.of("_pq_.switchboard.goaway", "on"))) {
            c.clientGets("SKZ");
            c.clientSends(new Query("BEGIN"));
            c.serverGets(0, "Q");
            c.context().drain().start(Duration.ofHours(1));
            c.settle();
            c.clientGets("");
            c.serverAnswers(0, new CommandComplete("BEGIN"), ReadyForQuery.IN_TRANSACTION);
            List<Message> told = c.clientGets("CSgZ");
            assertEquals(new ParameterStatus("disconnect_requested", "on"), status(told.get(1)));
        }
        try (Conversation c = Conversation.sessionMode(1, Map.of())) {
            c.clientGets("KZ");
            c.context().drain().start(Duration.ZERO);
            c.settle();
            List<Message> told = c.clientGets("SE");
            assertEquals(new ParameterStatus("disconnect_requested", "on"), status(told.get(0)));
            ErrorResponse fatal = ErrorResponse.decode(Unpooled.wrappedBuffer(told.get(1).body()));
            assertEquals("57P01", fatal.sqlState());
            assertEquals("FATAL", fatal.severity());
            assertFalse(c.clientChannel().isActive());
        }
    }

    @Test
    void aClientInsideATransactionIsClosedOnlyWhenItEnds() {
        try (Conversation c = Conversation.transactionMode(1)) {
            c.clientGets("KZ");
            c.clientSends(new Query("BEGIN"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("BEGIN"), ReadyForQuery.IN_TRANSACTION);
            c.clientGets("CZ");
            c.context().drain().start(Duration.ZERO);
            c.settle();
            c.clientGets("S"); // between requests: told, not closed
            assertTrue(c.clientChannel().isActive());
            c.clientSends(new Query("COMMIT"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("COMMIT"), ReadyForQuery.IDLE);
            c.clientGets("CZE");
            assertFalse(c.clientChannel().isActive());
        }
    }

    // ---- a retired node ----------------------------------------------------------------------------------------

    @Test
    void aRetiredNodeDrainsTheSessionsHeldThereAndOnlyThose() {
        try (Conversation c = Conversation.sessionMode(1, Map.of())) {
            c.clientGets("KZ");
            c.context().drain().retireNode("10.0.0.9:5432", Duration.ZERO); // another node: nothing happens
            c.settle();
            c.clientGets("");
            c.context().drain().retireNode(Conversation.NODE, Duration.ZERO);
            c.settle();
            List<Message> told = c.clientGets("SE");
            assertEquals(new ParameterStatus("disconnect_requested", "on"), status(told.get(0)));
            ErrorResponse fatal = ErrorResponse.decode(Unpooled.wrappedBuffer(told.get(1).body()));
            assertEquals("57P01", fatal.sqlState());
            assertEquals("terminating connection because its server node " + Conversation.NODE + " was retired",
                    fatal.message());
            assertFalse(c.clientChannel().isActive());
            assertFalse(c.context().drain().draining(), "the rest of the proxy is not draining");
        }
    }

    @Test
    void aRetiredNodeDrainsATransactionModeClientOnlyWhilePinnedThere() {
        try (Conversation c = Conversation.transactionMode(1)) {
            c.clientGets("KZ");
            c.context().retireNode(Conversation.NODE); // holds no server between transactions: not concerned
            c.settle();
            c.clientGets("");
            assertTrue(c.clientChannel().isActive());
        }
        try (Conversation c = Conversation.transactionMode(1)) {
            c.clientGets("KZ");
            c.clientSends(new Query("SELECT pg_advisory_lock(1)"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
            c.context().retireNode(Conversation.NODE); // pinned there: told now, closed after limits.drain_grace
            c.settle();
            List<Message> told = c.clientGets("S");
            assertEquals(new ParameterStatus("disconnect_requested", "on"), status(told.get(0)));
            assertTrue(c.clientChannel().isActive());
        }
    }
}
