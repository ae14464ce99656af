// Progress: the live "[12/48] scenario / target round N ..." line on stderr.
package dev.switchboard.bench.runner;

import java.io.PrintStream;

/** On a terminal the line is rewritten in place; otherwise (logs, CI) each step is its own line. */
public final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final int total;
    private int done;
    private int lastLength;

    public Progress(PrintStream out, boolean terminal, int total) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
    }

    /** Announces the next step. */
    public void step(String what) {
        done++;
        String line = "[" + done + "/" + total + "] " + what + " ...";
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** A message that must stay visible (a failed run). */
    public void note(String message) {
        if (terminal && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
        out.println(message);
        out.flush();
    }

    /** Ends the live line. */
    public void finish() {
        if (terminal && lastLength > 0) {
            out.println();
        }
        out.flush();
    }
}
