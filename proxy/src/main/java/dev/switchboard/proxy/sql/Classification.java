// Classification: what the transaction-mode proxy must act on in one Query or Parse text.
package dev.switchboard.proxy.sql;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The outcome of {@link SqlClassifier#classify(String)}.
 *
 * @param settingChanges  session-level SET/RESET and literal set_config calls in order (not SET LOCAL, not SET
 *                        TRANSACTION)
 * @param pins            session state the proxy cannot carry
 * @param mayReleasePins  something that may end pinned state (advisory unlock, DROP, CLOSE, DEALLOCATE, DISCARD, DO,
 *                        RESET ROLE …); the proxy should re-check its pins after it ran
 * @param listens         LISTEN channels, folded as PostgreSQL folds identifiers
 * @param unlistens       UNLISTEN channels; "*" for UNLISTEN *
 * @param deallocates     DEALLOCATE [PREPARE] names, folded like identifiers
 * @param deallocateAll   DEALLOCATE [PREPARE] ALL
 * @param discardAll      DISCARD ALL (reported alone: the lead knows it implies RESET ALL, UNLISTEN *, DEALLOCATE ALL)
 * @param beginsTransaction BEGIN / START TRANSACTION
 * @param statementCount  number of non-empty statements
 */
public record Classification(
        List<SettingChange> settingChanges,
        Set<PinReason> pins,
        boolean mayReleasePins,
        List<String> listens,
        List<String> unlistens,
        List<String> deallocates,
        boolean deallocateAll,
        boolean discardAll,
        boolean beginsTransaction,
        int statementCount) {

    /** Nothing special, one statement. */
    public static final Classification NONE = plain(1, false);

    public Classification {
        settingChanges = List.copyOf(settingChanges);
        // An EnumSet keeps a stable order for logs and equality-friendly toString.
        pins = pins.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(pins));
        listens = List.copyOf(listens);
        unlistens = List.copyOf(unlistens);
        deallocates = List.copyOf(deallocates);
        if (statementCount < 0) {
            throw new IllegalArgumentException("statementCount must not be negative: " + statementCount);
        }
    }

    static Classification plain(int statementCount, boolean beginsTransaction) {
        return new Classification(List.of(), Set.of(), false, List.of(), List.of(), List.of(), false, false,
                beginsTransaction, statementCount);
    }

    /** True when there is nothing the proxy must act on (BEGIN and the statement count do not count). */
    public boolean isPlain() {
        return settingChanges.isEmpty() && pins.isEmpty() && !mayReleasePins && listens.isEmpty()
                && unlistens.isEmpty() && deallocates.isEmpty() && !deallocateAll && !discardAll;
    }
}
