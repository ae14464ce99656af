// ConfigLoaderFuzzTest: any configuration file is loaded or refused with ConfigException, never anything else.
package dev.switchboard.config.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import java.util.Map;

/** A wrong file must be reported with its line and field; a crash would print a stack trace instead. */
class ConfigLoaderFuzzTest {

    // The loader runs a few thousand inputs a second, not tens of thousands as the decoders do, so its targets get
    // a longer cap than the others' 40 minutes to reach the same ten million.

    @FuzzTest(maxDuration = "5h", maxExecutions = 10_000_000)
    void anyFile(FuzzedDataProvider data) {
        try {
            ConfigLoader.parse(data.consumeRemainingAsString(), "fuzz.yaml", Map.of("X", "1"));
        } catch (ConfigException expected) {
            // refused, with every problem listed
        }
    }

    /** A valid file with fuzzed values in it: the binders see well-formed YAML and must judge every value. */
    @FuzzTest(maxDuration = "5h", maxExecutions = 10_000_000)
    void fuzzedValues(FuzzedDataProvider data) {
        String yaml = """
                listen: { address: %s, port: %s }
                limits: { max_message_size: %s, startup_timeout: %s }
                tls: { client: { mode: %s, cert_file: %s, key_file: k, ca_file: ca, user_map: [ { name: %s, user: %s } ] } }
                clusters:
                  main: { nodes: [ %s ] }
                databases:
                  app: { cluster: main, target: %s, max_lag: %s, pool: { mode: %s, size: %s } }
                users:
                  - { name: %s, password: %s, auth: %s }
                """.formatted(v(data), v(data), v(data), v(data), v(data), v(data), v(data), v(data), v(data), v(data),
                v(data), v(data), v(data), v(data), v(data), v(data));
        try {
            ConfigLoader.parse(yaml, "fuzz.yaml", Map.of());
        } catch (ConfigException expected) {
            // refused, with every problem listed
        }
    }

    /** A YAML flow scalar: quoted, so the fuzzer's text stays one value. */
    private static String v(FuzzedDataProvider data) {
        return "\"" + data.consumeString(40).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }
}
