// SettingChange: one session-level SET/RESET the proxy must replay on whichever backend the client lands on.
package dev.switchboard.proxy.sql;

/** A session-level run-time parameter change seen in client SQL, in the form {@code set_config} can replay. */
public sealed interface SettingChange permits SettingChange.Set, SettingChange.Reset, SettingChange.ResetAll {

    /**
     * {@code SET name TO value}: {@code name} lower-cased; {@code value} is the text to pass to
     * {@code pg_catalog.set_config(name, value, false)} so the server ends up with what the SET would give.
     */
    record Set(String name, String value) implements SettingChange {
    }

    /** {@code RESET name}, {@code SET name TO DEFAULT}: back to the session default. */
    record Reset(String name) implements SettingChange {
    }

    /** {@code RESET ALL}. */
    record ResetAll() implements SettingChange {
    }
}
