// ControlState: what the console's PAUSE, RESUME, DISABLE and ENABLE have made of one database, and the moves between.
package dev.switchboard.proxy.console;

/** Pausing (by PAUSE or KILL) and disabling are independent, as in PgBouncer: a database may be both. */
public enum ControlState {
    OPEN(false, false),
    PAUSED(true, false),
    DISABLED(false, true),
    PAUSED_AND_DISABLED(true, true);

    /** What an admin command does to a database. */
    public enum Action { PAUSE, RESUME, DISABLE, ENABLE }

    private final boolean paused;
    private final boolean disabled;

    ControlState(boolean paused, boolean disabled) {
        this.paused = paused;
        this.disabled = disabled;
    }

    /** New transactions wait until RESUME. */
    public boolean paused() {
        return paused;
    }

    /** New logins are refused until ENABLE. */
    public boolean disabled() {
        return disabled;
    }

    /**
     * The one transition function. RESUME of a running database is refused with PgBouncer's words; PAUSE, DISABLE
     * and ENABLE may be repeated, as there (a second PAUSE of every database is refused by its command).
     *
     * @throws ConsoleException when the move is refused
     */
    public ControlState apply(Action action) {
        return switch (action) {
            case PAUSE -> of(true, disabled); // PAUSE db and KILL db may repeat, as in PgBouncer
            case RESUME -> {
                if (!paused) {
                    throw new ConsoleException("pooler is not paused/suspended");
                }
                yield of(false, disabled);
            }
            case DISABLE -> of(paused, true);
            case ENABLE -> of(paused, false);
        };
    }

    private static ControlState of(boolean paused, boolean disabled) {
        for (ControlState s : values()) {
            if (s.paused == paused && s.disabled == disabled) {
                return s;
            }
        }
        throw new AssertionError();
    }
}
