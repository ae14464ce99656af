// SqlClassifierFuzzTest: any SQL text a client sends is classified without an exception, whatever its quoting.
package dev.switchboard.proxy.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.proxy.sql.SqlClassifier;

/**
 * The classifier reads every Query and Parse: its lexer (strings, dollar quotes, comments, escapes) and the
 * SET/RESET parser behind it must take whatever they are given. An exception here would end a client's session.
 */
class SqlClassifierFuzzTest {

    @FuzzTest(maxDuration = "40m", maxExecutions = 10_000_000)
    void anyText(FuzzedDataProvider data) {
        boolean standardStrings = data.consumeBoolean();
        SqlClassifier.classify(data.consumeRemainingAsString(), standardStrings);
    }

    /** Texts that start like the statements the parser looks into, so the fuzzer spends its time past the keyword. */
    @FuzzTest(maxDuration = "40m", maxExecutions = 10_000_000)
    void settingStatements(FuzzedDataProvider data) {
        String[] starts = {"SET ", "SET LOCAL ", "SET SESSION ", "RESET ", "SET TIME ZONE ", "SET ROLE ",
            "SET SESSION AUTHORIZATION ", "SELECT set_config(", "DISCARD ", "BEGIN; SET ", "DEALLOCATE ",
            "LISTEN ", "PREPARE p AS ", "DO $$ ", "COPY "};
        String start = starts[data.consumeInt(0, starts.length - 1)];
        SqlClassifier.classify(start + data.consumeRemainingAsString());
    }
}
