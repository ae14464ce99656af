// TransactionLinkFlowTest: scripted conversations through a transaction-mode link, message by message.
package dev.switchboard.proxy.txn;

import static dev.switchboard.proxy.Conversation.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.pooling.Pool;
import dev.switchboard.protocol.backend.CommandComplete;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.protocol.Encodable;
import dev.switchboard.protocol.backend.BindComplete;
import dev.switchboard.protocol.backend.ParseComplete;
import dev.switchboard.protocol.frontend.Bind;
import dev.switchboard.protocol.frontend.Execute;
import dev.switchboard.protocol.frontend.Parse;
import dev.switchboard.protocol.frontend.Query;
import dev.switchboard.protocol.frontend.Sync;
import java.util.List;
import java.util.Map;
import dev.switchboard.proxy.Conversation;
import dev.switchboard.proxy.backend.ServerConn;
import io.netty.channel.WriteBufferWaterMark;
import org.junit.jupiter.api.Test;

class TransactionLinkFlowTest {

    private static Pool<ServerConn> pool(Conversation c) {
        return c.context().multiplexedPools().pools().iterator().next();
    }

    @Test
    void aClientIsGreetedAndItsServerGoesBackToThePoolAtReadyForQueryIdle() {
        try (Conversation c = Conversation.transactionMode(1)) {
            c.clientGets("KZ");
            assertEquals(1, pool(c).idleCount(), "idle until the client sends work");

            c.clientSends(new Query("SELECT 1"));
            c.serverGets(0, "Q");
            assertEquals(1, pool(c).activeCount());
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
            assertEquals(1, pool(c).idleCount());
            assertEquals(0, pool(c).activeCount());
        }
    }

    @Test
    void aClientIsReadThroughItsStartUnlessItSendsBeforeItsGreeting() {
        // report_parameters holds the greeting until the first server has answered what the setting is.
        try (Conversation c = Conversation.transactionMode(1, Map.of("_pq_.report_parameters", "work_mem"))) {
            assertTrue(c.clientChannel().config().isAutoRead(), "a client waiting for its greeting is not switched off");
            c.clientSends(new Query("SELECT early"));
            assertFalse(c.clientChannel().config().isAutoRead(), "sent before its greeting: the rest waits in its socket");
            c.serverGets(0, "Q");
            c.serverAnswers(0, row("4MB"), new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            assertTrue(c.clientChannel().config().isAutoRead(), "read again once greeted");
            c.clientGets("SSKZ");
            assertEquals("SELECT early", c.serverGets(0, "Q").get(0).text().trim(), "what it sent early goes on");
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
        }
    }

    @Test
    void aClientWaitingForAServerIsReadOnUntilWhatItSentMeanwhileGrowsLarge() {
        try (Conversation c = Conversation.transactionMode(1)) {
            c.clientGets("KZ");
            pool(c).pause();
            c.clientSends(new Query("SELECT 1"));
            assertEquals(1, pool(c).waitingCount(), "the client waits for a server");
            assertTrue(c.clientChannel().config().isAutoRead(), "a client that sent its request and waits is read on");
            String large = "SELECT '" + "x".repeat(TransactionLink.WAITING_FRAMES_LIMIT) + "'";
            c.clientSends(new Query(large));
            assertFalse(c.clientChannel().config().isAutoRead(), "more than the limit waits: the rest stays in its socket");

            pool(c).resume();
            c.settle();
            assertTrue(c.clientChannel().config().isAutoRead(), "read again once its server arrived");
            List<Conversation.Message> sent = c.serverGets(0, "QQ");
            assertEquals("SELECT 1", sent.get(0).text().trim(), "what waited goes on, in order");
            assertEquals(large, sent.get(1).text().trim());
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE,
                    new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZCZ");
        }
    }

    @Test
    void anOpenTransactionKeepsItsServerUntilItEnds() {
        try (Conversation c = Conversation.transactionMode(1)) {
            c.clientGets("KZ");
            c.clientSends(new Query("BEGIN"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("BEGIN"), ReadyForQuery.IN_TRANSACTION);
            c.clientGets("CZ");
            assertEquals(1, pool(c).activeCount(), "inside a block the server stays with the client");
            c.clientSends(new Query("COMMIT"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("COMMIT"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
            assertEquals(0, pool(c).activeCount());
        }
    }

    /**
     * The stall found with slow psql clients: the reply filled the client's socket, so the server was no longer
     * read; its ReadyForQuery was already in the same read, so the server went back to the pool unread. The
     * client drained while it held no server, and the next lease got that server with nothing left to wake it.
     */
    @Test
    void aServerGivenBackWhileItsClientIsFullIsReadByItsNextOwner() {
        try (Conversation c = Conversation.transactionMode(1)) {
            c.clientChannel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(64, 128));
            c.clientGets("KZ");
            c.clientSends(new Query("SELECT big"));
            c.serverGets(0, "Q");
            String wide = "x".repeat(100);
            c.serverAnswers(0, row(wide), row(wide), row(wide), new CommandComplete("SELECT 3"), ReadyForQuery.IDLE);
            assertEquals(0, pool(c).activeCount(), "the transaction ended");
            assertTrue(c.server(0).channel().config().isAutoRead(), "a server in the pool is read");
            c.clientGets("DDDCZ");

            c.clientSends(new Query("SELECT 1"));
            c.serverGets(0, "Q");
            assertTrue(c.server(0).channel().config().isAutoRead(), "leased again by a client that can take replies");
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
        }
    }

    @Test
    void aServerLostInsideATransactionGivesTheClientAnErrorAndTheSessionGoesOn() {
        try (Conversation c = Conversation.transactionMode(2)) {
            c.clientGets("KZ");
            c.clientSends(new Query("BEGIN"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("BEGIN"), ReadyForQuery.IN_TRANSACTION);
            c.clientGets("CZ");
            c.serverChannel(0).close();
            c.settle();
            c.clientGets("");
            c.clientSends(new Query("SELECT 1"));
            var replies = c.clientGets("EZ");
            assertTrue(replies.get(0).text().contains("08006"), replies.toString());
            assertTrue(replies.get(1).text().startsWith("I"), "the client is out of the lost transaction");
            c.clientSends(new Query("SELECT 2"));
            c.serverGets(1, "Q");
            c.serverAnswers(1, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
        }
    }

    /**
     * A request read at once leaves for its server in one flush, also when it starts the transaction: the lease
     * completes at once, and the read's end flushes what was routed (before, the Parse left on its own).
     */
    @Test
    void anExtendedRequestReadAtOnceReachesItsServerInOneFlush() {
        try (Conversation c = Conversation.transactionMode(1)) {
            c.clientGets("KZ");
            assertEquals(1, pool(c).idleCount(), "the request starts a transaction: it leases the server");
            int[] flushes = {0};
            c.serverChannel(0).pipeline().addFirst(new io.netty.channel.ChannelOutboundHandlerAdapter() {
                @Override
                public void flush(io.netty.channel.ChannelHandlerContext ctx) {
                    flushes[0]++;
                    ctx.flush();
                }
            });
            c.clientSends(concat(unnamed("SELECT 1"), new Encodable[] {Sync.INSTANCE}));
            assertEquals(1, flushes[0], "one flush for the whole request");
            c.serverGets(0, "PBES");
            c.serverAnswers(0, ParseComplete.INSTANCE, BindComplete.INSTANCE, new CommandComplete("SELECT 1"),
                    ReadyForQuery.IDLE);
            c.clientGets("12CZ");
        }
    }

    /** Parse, Bind and Execute of an unnamed statement, as pgJDBC sends a statement. */
    private static Encodable[] unnamed(String sql) {
        return new Encodable[] {new Parse("", sql, new int[0]),
            out -> Bind.write(out, "", "", new short[0], List.of(), new short[0]), new Execute("", 0)};
    }

    private static Encodable[] concat(Encodable[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(Encodable[]::new);
    }

    /**
     * pgJDBC writes one request and the next together. The first one's ReadyForQuery ends its transaction, but
     * the SET of the second, already sent, belongs to the second, which the client then rolls back.
     */
    @Test
    void aPipelinedSetCountsWithItsOwnRequestAndIsForgottenWhenThatIsRolledBack() {
        try (Conversation c = Conversation.transactionMode(1)) {
            c.clientGets("KZ");
            c.clientSends(concat(unnamed("SELECT 1"), new Encodable[] {Sync.INSTANCE},
                    unnamed("BEGIN"), unnamed("SET application_name = 'later'"), new Encodable[] {Sync.INSTANCE}));
            c.serverGets(0, "PBESPBEPBES");
            c.serverAnswers(0, ParseComplete.INSTANCE, BindComplete.INSTANCE, new CommandComplete("SELECT 1"),
                    ReadyForQuery.IDLE);
            assertEquals(null, c.link().settings().desired().get("application_name"),
                    "the SET belongs to the request still unanswered");
            c.serverAnswers(0, ParseComplete.INSTANCE, BindComplete.INSTANCE, new CommandComplete("BEGIN"),
                    ParseComplete.INSTANCE, BindComplete.INSTANCE, new CommandComplete("SET"),
                    ReadyForQuery.IN_TRANSACTION);
            c.clientGets("12CZ12C12CZ");
            c.clientSends(new Query("ROLLBACK"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("ROLLBACK"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
            assertEquals(null, c.link().settings().desired().get("application_name"), "rolled back with its block");
        }
    }

    @Test
    void aSetPreparedOnceCountsAtEveryExecutionAndNotWhenOnlyPrepared() {
        try (Conversation c = Conversation.transactionMode(1)) {
            c.clientGets("KZ");
            c.clientSends(new Parse("S_1", "SET application_name = 'named'", new int[0]), Sync.INSTANCE);
            c.serverGets(0, "PS");
            c.serverAnswers(0, ParseComplete.INSTANCE, ReadyForQuery.IDLE);
            c.clientGets("1Z");
            assertEquals(null, c.link().settings().desired().get("application_name"), "prepared, not run");
            c.clientSends(out -> Bind.write(out, "", "S_1", new short[0], List.of(), new short[0]), new Execute("", 0),
                    Sync.INSTANCE);
            c.serverGets(0, "BES");
            c.serverAnswers(0, BindComplete.INSTANCE, new CommandComplete("SET"), ReadyForQuery.IDLE);
            c.clientGets("2CZ");
            assertEquals("named", c.link().settings().desired().get("application_name"));
        }
    }

    /** Pinned while it holds an advisory lock; once the server says the lock is gone, the server goes back. */
    @Test
    void aPinnedClientKeepsItsServerUntilTheServerSaysThePinnedStateIsGone() {
        try (Conversation c = Conversation.transactionMode(1)) {
            c.clientGets("KZ");
            c.clientSends(new Query("SELECT pg_advisory_lock(1)"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
            assertEquals(1, pool(c).activeCount(), "pinned: the server stays");

            c.clientSends(new Query("SELECT pg_advisory_unlock(1)"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
            var check = c.serverGets(0, "Q"); // the proxy asks what is still held
            assertTrue(check.get(0).text().contains("pg_locks"), check.toString());

            c.clientSends(new Query("SELECT 2")); // waits for the decision
            c.serverGets(0, "");
            c.serverAnswers(0, row("0", "0", "0", "0", "0"), new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("");
            c.serverGets(0, "Q"); // leased afresh: the pool's one server
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
            assertEquals(0, pool(c).activeCount());
        }
    }

    /** Lost in the middle of an extended batch whose Sync the client has not sent yet: answered at that Sync. */
    @Test
    void aServerLostBeforeTheClientsSyncIsAnsweredAtThatSync() {
        try (Conversation c = Conversation.transactionMode(2)) {
            c.clientGets("KZ");
            c.clientSends(unnamed("SELECT pg_sleep(10)"));
            c.serverGets(0, "PBE");
            c.serverChannel(0).close();
            c.settle();
            var error = c.clientGets("E");
            assertTrue(error.get(0).text().contains("08006"), error.toString());
            c.clientSends(new Execute("", 0), Sync.INSTANCE); // the rest of the batch, then its Sync
            var ready = c.clientGets("Z");
            assertTrue(ready.get(0).text().startsWith("I"));
            c.clientSends(new Query("SELECT 1"));
            c.serverGets(1, "Q");
            c.serverAnswers(1, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
        }
    }

    /** RESET ALL is followed by the proxy's query restoring the startup values; its rows never reach the client. */
    @Test
    void resetAllIsFollowedByTheRestoreOfTheStartupValuesWhichTheClientDoesNotSee() {
        try (Conversation c = Conversation.transactionMode(1, java.util.Map.of("TimeZone", "Asia/Tokyo"))) {
            c.serverGets(0, "Q"); // the startup settings
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("KZ");
            c.clientSends(unnamed("RESET ALL"));
            c.clientSends(Sync.INSTANCE);
            var sent = c.serverGets(0, "PBESQ");
            assertTrue(sent.get(4).text().contains("Asia/Tokyo"), sent.toString());
            c.serverAnswers(0, ParseComplete.INSTANCE, BindComplete.INSTANCE, new CommandComplete("RESET"),
                    ReadyForQuery.IDLE);
            c.clientGets("12CZ");
            c.serverAnswers(0, new dev.switchboard.protocol.backend.ParameterStatus("TimeZone", "Asia/Tokyo"),
                    row("Asia/Tokyo"), new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("S");
            c.clientSends(new Query("SELECT 1/0"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
        }
    }

    /** The client's next request, sent before the restore is answered, follows the restore on the same server. */
    @Test
    void aRequestSentWhileTheRestoreRunsGetsItsOwnAnswer() {
        try (Conversation c = Conversation.transactionMode(1, java.util.Map.of("TimeZone", "Asia/Tokyo"))) {
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("KZ");
            c.clientSends(new Query("RESET ALL"));
            c.serverGets(0, "QQ");
            c.serverAnswers(0, new CommandComplete("RESET"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
            c.clientSends(new Query("SELECT 1/0"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, out -> new dev.switchboard.protocol.backend.RowDescription(List.of(
                    dev.switchboard.protocol.backend.RowDescription.Field.text("set_config", 25))).encode(out),
                    row("Asia/Tokyo"), new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("");
            c.serverAnswers(0, dev.switchboard.protocol.backend.ErrorResponse.error("22012", "division by zero"),
                    ReadyForQuery.IDLE);
            c.clientGets("EZ");
        }
    }

    /** A ReadyForQuery where the request still owes replies: the server is closed rather than replies mismatched. */
    @Test
    void aReadyForQueryTheRequestsCannotExplainClosesTheServerInsteadOfMisroutingReplies() {
        try (Conversation c = Conversation.transactionMode(2)) {
            c.clientGets("KZ");
            c.clientSends(concat(unnamed("SELECT 1"), new Encodable[] {Sync.INSTANCE}));
            c.serverGets(0, "PBES");
            c.serverAnswers(0, ReadyForQuery.IDLE); // nothing for Parse, Bind, Execute
            assertTrue(!c.serverChannel(0).isActive(), "the server is closed");
            var lost = c.clientGets("EZ");
            assertTrue(lost.get(0).text().contains("08006"), lost.toString());
            assertEquals(1.0, c.context().meters().get("switchboard.replies.unmatched").counter().count());
            c.clientSends(new Query("SELECT 2"));
            c.serverGets(1, "Q");
            c.serverAnswers(1, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
        }
    }

    /**
     * pgJDBC writes a long batch in pieces. When an early statement fails, the server skips the rest of the batch
     * up to its Sync, pieces not yet written included: they get no replies, and the server, which still owes that
     * Sync, may not go back to the pool in between.
     */
    @Test
    void aBatchFailingBeforeItsLastPiecesArriveKeepsItsServerAndExpectsNothingButReadyForQueryForTheRest() {
        try (Conversation c = Conversation.transactionMode(1)) {
            c.clientGets("KZ");
            c.clientSends(concat(unnamed("INSERT 1"), unnamed("INSERT 1 again")));
            c.serverGets(0, "PBEPBE");
            c.serverAnswers(0, ParseComplete.INSTANCE, BindComplete.INSTANCE, new CommandComplete("INSERT 0 1"),
                    ParseComplete.INSTANCE, BindComplete.INSTANCE,
                    dev.switchboard.protocol.backend.ErrorResponse.error("23505", "duplicate key value"));
            c.clientGets("12C12E");
            assertEquals(1, pool(c).activeCount(), "the server skips to the client's Sync: it is not at rest");

            c.clientSends(concat(unnamed("INSERT 3"), unnamed("INSERT 4"), new Encodable[] {Sync.INSTANCE}));
            c.serverGets(0, "S"); // what the server would skip is not sent
            c.serverAnswers(0, ReadyForQuery.IDLE);
            c.clientGets("Z");
            assertEquals(0, pool(c).activeCount());
            assertEquals(0.0, c.context().meters().counter("switchboard.replies.unmatched").count());

            c.clientSends(new Query("SELECT 1"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
        }
    }

    /** A server lost while it skips a failed batch: the client's Sync is answered by the proxy, nothing runs elsewhere. */
    @Test
    void aServerLostWhileSkippingAFailedBatchLeavesTheRestOfTheBatchUnrun() {
        try (Conversation c = Conversation.transactionMode(2)) {
            c.clientGets("KZ");
            c.clientSends(unnamed("INSERT 1"));
            c.serverGets(0, "PBE");
            c.serverAnswers(0, ParseComplete.INSTANCE, BindComplete.INSTANCE,
                    dev.switchboard.protocol.backend.ErrorResponse.error("23505", "duplicate key value"));
            c.clientGets("12E");
            c.serverChannel(0).close();
            c.settle();
            c.clientSends(concat(unnamed("INSERT 2"), new Encodable[] {Sync.INSTANCE}));
            var replies = c.clientGets("EZ");
            assertTrue(replies.get(0).text().contains("08006"), replies.toString());
            c.clientSends(new Query("SELECT 2"));
            c.serverGets(1, "Q");
            c.serverAnswers(1, new CommandComplete("SELECT 2"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
        }
    }
}
