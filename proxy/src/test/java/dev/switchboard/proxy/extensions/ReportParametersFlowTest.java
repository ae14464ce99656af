// ReportParametersFlowTest: report_parameters, message by message, in transaction and session pool mode.
package dev.switchboard.proxy.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.protocol.backend.CommandComplete;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.ParameterStatus;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.protocol.frontend.Query;
import dev.switchboard.proxy.Conversation;
import dev.switchboard.proxy.Conversation.Message;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportParametersFlowTest {

    private static ParameterStatus status(Message m) {
        assertEquals('S', m.type(), m.toString());
        return ParameterStatus.decode(Unpooled.wrappedBuffer(m.body()));
    }

    /** The proxy reads the watched settings: one query, one row. */
    private static void serverReads(Conversation c, String expectedSql, String... values) {
        assertEquals(expectedSql, c.serverGets(0, "Q").get(0).text().trim()); // text() keeps the terminating zero
        c.serverAnswers(0, Conversation.row(values), new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
    }

    @Test
    void transactionModeReportsTheStartupValuesAndEachChangeBeforeTheReadyForQuery() {
        try (Conversation c = Conversation.transactionMode(1,
                Map.of("_pq_.report_parameters", "work_mem, Statement_Timeout"))) {
            c.clientGets(""); // the greeting waits for the startup values
            serverReads(c, "SELECT current_setting('work_mem', true), current_setting('statement_timeout', true)",
                    "4MB", "0");
            List<Message> greeting = c.clientGets("SSSKZ");
            assertEquals(new ParameterStatus("work_mem", "4MB"), status(greeting.get(0)));
            assertEquals(new ParameterStatus("statement_timeout", "0"), status(greeting.get(1)));
            assertEquals(new ParameterStatus("switchboard.extensions", "report_parameters"), status(greeting.get(2)));

            c.clientSends(new Query("SET work_mem = '64MB'"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("SET"), ReadyForQuery.IDLE);
            c.clientGets("C"); // its ReadyForQuery waits for the read
            serverReads(c, "SELECT current_setting('work_mem', true), current_setting('statement_timeout', true)",
                    "64MB", "0");
            List<Message> end = c.clientGets("SZ");
            assertEquals(new ParameterStatus("work_mem", "64MB"), status(end.get(0)), "only what changed");

            c.clientSends(new Query("SELECT 1"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ"); // nothing that sets: no read
            c.serverGets(0, "");
        }
    }

    @Test
    void transactionModeReportsASetInABlockWhenTheBlockEnds() {
        try (Conversation c = Conversation.transactionMode(1, Map.of("switchboard.report_parameters", "work_mem"))) {
            serverReads(c, "SELECT current_setting('work_mem', true)", "4MB");
            c.clientGets("SSKZ");
            c.clientSends(new Query("BEGIN; SET work_mem = '8MB'"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("BEGIN"), new CommandComplete("SET"), ReadyForQuery.IN_TRANSACTION);
            c.clientGets("CCZ");
            c.clientSends(new Query("COMMIT"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("COMMIT"), ReadyForQuery.IDLE);
            c.clientGets("C");
            serverReads(c, "SELECT current_setting('work_mem', true)", "8MB");
            assertEquals(new ParameterStatus("work_mem", "8MB"), status(c.clientGets("SZ").get(0)));
        }
    }

    @Test
    void settingTheListReportsTheNewNamesAfterTheNextRequest() {
        try (Conversation c = Conversation.transactionMode(1, Map.of())) {
            c.clientGets("KZ");
            c.clientSends(new Query("SET switchboard.report_parameters = 'work_mem'"));
            List<Message> set = c.clientGets("CSZ");
            assertEquals(new ParameterStatus("switchboard.extensions", "report_parameters"), status(set.get(1)));
            c.clientSends(new Query("SELECT 1"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("C");
            serverReads(c, "SELECT current_setting('work_mem', true)", "4MB");
            assertEquals(new ParameterStatus("work_mem", "4MB"), status(c.clientGets("SZ").get(0)));
        }
    }

    @Test
    void sessionModeReadsOnceTheRequestIsAnsweredAndHoldsItsReadyForQuery() {
        try (Conversation c = Conversation.sessionMode(1, Map.of("options", "-c switchboard.report_parameters=work_mem"))) {
            serverReads(c, "SELECT current_setting('work_mem', true)", "4MB");
            List<Message> greeting = c.clientGets("SSKZ");
            assertEquals(new ParameterStatus("work_mem", "4MB"), status(greeting.get(0)));

            c.clientSends(new Query("SET work_mem TO '16MB'"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("SET"), ReadyForQuery.IDLE);
            c.clientGets("C"); // its ReadyForQuery waits for the read
            serverReads(c, "SELECT current_setting('work_mem', true)", "16MB");
            assertEquals(new ParameterStatus("work_mem", "16MB"), status(c.clientGets("SZ").get(0)));

            c.clientSends(new Query("SELECT 1"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ"); // nothing that sets: no read
            c.serverGets(0, "");
        }
    }

    @Test
    void sessionModeNeverReadsInsideATransactionBlock() {
        try (Conversation c = Conversation.sessionMode(1, Map.of("switchboard.report_parameters", "work_mem"))) {
            serverReads(c, "SELECT current_setting('work_mem', true)", "4MB");
            c.clientGets("SSKZ");
            c.clientSends(new Query("BEGIN; SET work_mem = '1MB'; SELECT 1/0"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("BEGIN"), new CommandComplete("SET"),
                    ErrorResponse.error("22012", "division by zero"), ReadyForQuery.FAILED);
            c.clientGets("CCEZ"); // a query there would take the block's snapshot, or fail in it
            c.serverGets(0, "");
            c.clientSends(new Query("ROLLBACK"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("ROLLBACK"), ReadyForQuery.IDLE);
            c.clientGets("C");
            serverReads(c, "SELECT current_setting('work_mem', true)", "4MB");
            c.clientGets("Z"); // the value never changed for the client
        }
    }

    @Test
    void aFailedReadIsTriedAgainAfterTheNextRequest() {
        try (Conversation c = Conversation.sessionMode(1, Map.of("switchboard.report_parameters", "work_mem"))) {
            serverReads(c, "SELECT current_setting('work_mem', true)", "4MB");
            c.clientGets("SSKZ");
            c.clientSends(new Query("SET work_mem = '2MB'"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("SET"), ReadyForQuery.IDLE);
            c.clientGets("C");
            c.serverGets(0, "Q");
            c.serverAnswers(0, ErrorResponse.error("57014", "canceling statement"), ReadyForQuery.IDLE);
            c.clientGets("Z");
            c.clientSends(new Query("SELECT 1"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("C");
            serverReads(c, "SELECT current_setting('work_mem', true)", "2MB");
            assertEquals(new ParameterStatus("work_mem", "2MB"), status(c.clientGets("SZ").get(0)));
        }
    }
}
