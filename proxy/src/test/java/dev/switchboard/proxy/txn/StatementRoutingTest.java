// StatementRoutingTest: a server's error for a Parse sent under its own name names the client's statement again.
package dev.switchboard.proxy.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.backend.ErrorResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatementRoutingTest {

    @Test
    void theDuplicateNameErrorNamesTheClientsStatementAndKeepsEveryOtherField() {
        Frame error = errorFrame("42P05", "prepared statement \"sb_3\" already exists");
        Frame renamed = StatementRouting.clientNamed(Expected.duplicateParse("sb_3", "S_1"), error);
        try {
            Map<Character, String> expected = fields("42P05", "prepared statement \"S_1\" already exists");
            assertEquals(expected, ErrorResponse.decode(renamed.body()).fields());
            assertEquals(String.valueOf(expected.keySet()),
                    String.valueOf(ErrorResponse.decode(renamed.body()).fields().keySet()), "field order");
        } finally {
            renamed.release();
        }
        assertEquals(0, error.refCnt());
    }

    @Test
    void anErrorNotAboutTheNameIsPassedOnAsItCame() {
        Frame error = errorFrame("42601", "syntax error at or near \"SELEC\"");
        try {
            assertSame(error, StatementRouting.clientNamed(Expected.duplicateParse("sb_3", "S_1"), error));
        } finally {
            error.release();
        }
    }

    @Test
    void anErrorForAnyOtherRequestIsPassedOnAsItCame() {
        Frame error = errorFrame("42P05", "prepared statement \"sb_3\" already exists");
        try {
            assertSame(error, StatementRouting.clientNamed(Expected.of(Expected.Kind.ONE), error));
        } finally {
            error.release();
        }
    }

    private static Map<Character, String> fields(String sqlState, String message) {
        Map<Character, String> fields = new LinkedHashMap<>();
        fields.put('S', "ERROR");
        fields.put('V', "ERROR");
        fields.put('C', sqlState);
        fields.put('M', message);
        fields.put('F', "prepare.c");
        fields.put('L', "404");
        fields.put('R', "StorePreparedStatement");
        return fields;
    }

    private static Frame errorFrame(String sqlState, String message) {
        ByteBuf buf = Unpooled.buffer();
        new ErrorResponse(fields(sqlState, message)).encode(buf);
        return Frame.wrap(buf);
    }
}
