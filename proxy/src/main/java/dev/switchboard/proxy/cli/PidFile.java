// PidFile: `--pid-file PATH`, the file naming the process that serves, kept right across a handoff for systemd.
package dev.switchboard.proxy.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd reads {@code PIDFile=} again when the main process exits, and follows the process named there if it
 * is still alive and in the service's control group: so the successor writes its pid once it has taken over, and
 * the process it replaced exits only after the file names someone else. A file naming this process is removed
 * when it stops for good.
 */
final class PidFile {
    private static final Logger log = LoggerFactory.getLogger(PidFile.class);
    private static final Duration POLL = Duration.ofMillis(50);

    private final Path path;
    private final long pid = ProcessHandle.current().pid();

    PidFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    Path path() {
        return path;
    }

    /** Writes this process's pid; a reader sees the old content or the new, never half of it. */
    void claim() throws IOException {
        Path temporary = path.resolveSibling(path.getFileName() + "." + pid + ".tmp");
        Files.writeString(temporary, pid + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** After a handoff: waits (up to {@code bound}) until the successor has written its pid, then leaves the file. */
    void awaitSuccessor(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (namesThisProcess()) {
            if (System.nanoTime() - deadline > 0) {
                log.warn("{} still names this process {} after the handoff; removing it", path, bound);
                releaseIfOurs();
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** On a final stop: removes the file if it still names this process (a successor's stays). */
    void releaseIfOurs() {
        try {
            if (namesThisProcess()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            log.warn("could not remove the pid file {}: {}", path, e.toString());
        }
    }

    private boolean namesThisProcess() {
        try {
            return Files.readString(path, StandardCharsets.US_ASCII).strip().equals(Long.toString(pid));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            log.warn("could not read the pid file {}: {}", path, e.toString());
            return false;
        }
    }
}
