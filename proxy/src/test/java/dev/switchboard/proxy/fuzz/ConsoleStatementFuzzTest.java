// ConsoleStatementFuzzTest: any text an admin-console user sends is parsed or refused without an exception.
package dev.switchboard.proxy.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.proxy.console.ConsoleStatement;

/**
 * The console's grammar is regular expressions over what a stats user may type: quoting, unquoting and the limits
 * must take anything, and quickly (a slow match would hold that session's event loop).
 */
class ConsoleStatementFuzzTest {

    @FuzzTest(maxDuration = "40m", maxExecutions = 10_000_000)
    void anyQuery(FuzzedDataProvider data) {
        String[] starts = {"", "SHOW ", "SET ", "set x to '", "PAUSE \"", "KILL_CLIENT "};
        String start = starts[data.consumeInt(0, starts.length - 1)];
        ConsoleStatement.parse(start + data.consumeRemainingAsString());
    }
}
