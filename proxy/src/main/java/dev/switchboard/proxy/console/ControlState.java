// ControlState: what the console's PAUSE, RESUME, DISABLE and ENABLE have made of one database, and the moves between.
package dev.switchboard.proxy.console;

/** Pausing (by PAUSE or KILL) and disabling are independent, as in PgBouncer: a database may be both. */
public enum ControlState {
    OPEN(false, false),
    PAUSED(true, false),
    DISABLED(false, true),
    PAUSED_AND_DISABLED(true, true);

    /** What an admin command does to a database. */
    public enum Action { PAUSE, KILL, RESUME, DISABLE, ENABLE }

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
     * The one transition function. PAUSE of a paused database and RESUME of a running one are refused with
     * PgBouncer's words; KILL leaves a database paused whatever it was; DISABLE and ENABLE may be repeated, as there.
     *
     * @throws ConsoleException when the move is refused
     */
    public ControlState apply(Action action) {
        return switch (action) {
            case PAUSE -> {
                if (paused) {
                    throw new ConsoleException("already suspended/paused");
                }
                yield of(true, disabled);
            }
            case KILL -> of(true, disabled); // paused whatever it was, until RESUME
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
