// CommitToken: where a client's last write ended, so its later reads can wait for a standby that has it.
package dev.switchboard.topology;

/** The WAL insert position after a client's commit, and the timeline it was written on. */
public record CommitToken(long lsn, int timeline) {

    /** Whether a standby on {@code timeline} that replayed up to {@code replayLsn} has this commit. */
    public boolean satisfiedBy(int standbyTimeline, long replayLsn) {
        return standbyTimeline == timeline && Lsn.atLeast(replayLsn, lsn);
    }
}
