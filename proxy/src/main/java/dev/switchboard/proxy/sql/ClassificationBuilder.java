// ClassificationBuilder: collects what the statements of one text need, allocating only for what is found.
package dev.switchboard.proxy.sql;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Mutable accumulator behind {@link Classification}; lists are created on first use. */
final class ClassificationBuilder {
    /** Shared results for plain texts, so the common case allocates nothing. */
    private static final Classification[] PLAIN = new Classification[16];
    private static final Classification BEGIN = Classification.plain(1, true);

    static {
        for (int i = 0; i < PLAIN.length; i++) {
            PLAIN[i] = i == 1 ? Classification.NONE : Classification.plain(i, false);
        }
    }

    private List<SettingChange> settingChanges;
    private Set<PinReason> pins;
    private boolean mayReleasePins;
    private List<String> listens;
    private List<String> unlistens;
    private List<String> deallocates;
    private boolean deallocateAll;
    private boolean discardAll;
    private boolean beginsTransaction;
    private boolean touched;

    void setting(SettingChange change) {
        if (settingChanges == null) {
            settingChanges = new ArrayList<>(2);
        }
        settingChanges.add(change);
        touched = true;
    }

    void pin(PinReason reason) {
        if (pins == null) {
            pins = EnumSet.noneOf(PinReason.class);
        }
        pins.add(reason);
        touched = true;
    }

    void mayReleasePins() {
        mayReleasePins = true;
        touched = true;
    }

    void listen(String channel) {
        if (listens == null) {
            listens = new ArrayList<>(2);
        }
        listens.add(channel);
        touched = true;
    }

    void unlisten(String channel) {
        if (unlistens == null) {
            unlistens = new ArrayList<>(2);
        }
        unlistens.add(channel);
        touched = true;
    }

    void deallocate(String name) {
        if (deallocates == null) {
            deallocates = new ArrayList<>(2);
        }
        deallocates.add(name);
        mayReleasePins();
    }

    void deallocateAll() {
        deallocateAll = true;
        mayReleasePins();
    }

    void discardAll() {
        discardAll = true;
        mayReleasePins();
    }

    void beginsTransaction() {
        beginsTransaction = true;
    }

    Classification build(int statementCount) {
        if (!touched) {
            if (beginsTransaction) {
                return statementCount == 1 ? BEGIN : Classification.plain(statementCount, true);
            }
            return statementCount < PLAIN.length ? PLAIN[statementCount] : Classification.plain(statementCount, false);
        }
        return new Classification(orEmpty(settingChanges), pins == null ? Set.of() : pins, mayReleasePins,
                orEmpty(listens), orEmpty(unlistens), orEmpty(deallocates), deallocateAll, discardAll,
                beginsTransaction, statementCount);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
