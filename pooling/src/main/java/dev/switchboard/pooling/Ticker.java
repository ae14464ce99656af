// The pool's source of time, injectable so tests can drive it by hand.
package dev.switchboard.pooling;

/** A monotonic nanosecond clock, as {@link System#nanoTime()}: only differences are meaningful. */
@FunctionalInterface
public interface Ticker {

    /** The current reading in nanoseconds; may wrap around, so compare readings by subtraction. */
    long nanoTime();

    /** The JVM's monotonic clock. */
    static Ticker system() {
        return System::nanoTime;
    }
}
