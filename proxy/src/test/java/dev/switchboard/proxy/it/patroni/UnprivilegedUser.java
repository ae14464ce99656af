// UnprivilegedUser: who runs Patroni (and so PostgreSQL) when the tests run as root, which PostgreSQL refuses.
package dev.switchboard.proxy.it.patroni;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JVM's own user, or, when the JVM is root, {@code nobody} (or the user named by
 * {@code SWITCHBOARD_PG_USER}, the variable the embedded module reads for the same purpose). Commands
 * are wrapped with {@code setpriv} to switch, and the files they write are handed to that user.
 */
final class UnprivilegedUser {
    private static final String USER_ENV = "SWITCHBOARD_PG_USER";

    private final String name;
    private final int uid;
    private final int gid;
    private final boolean switching;

    private UnprivilegedUser(String name, int uid, int gid, boolean switching) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        this.switching = switching;
    }

    static UnprivilegedUser detect() {
        if (effectiveUid() != 0) {
            return new UnprivilegedUser(System.getProperty("user.name"), -1, -1, false);
        }
        String wanted = System.getenv(USER_ENV);
        String user = wanted == null || wanted.isBlank() ? "nobody" : wanted.trim();
        String[] fields = run(List.of("getent", "passwd", user)).trim().split(":");
        if (fields.length < 4) {
            throw new IllegalStateException("unknown user '" + user + "' (from " + USER_ENV + " or the default nobody)");
        }
        int uid = Integer.parseInt(fields[2]);
        if (uid == 0) {
            throw new IllegalStateException(USER_ENV + " names a root user; PostgreSQL refuses to run as root");
        }
        return new UnprivilegedUser(fields[0], uid, Integer.parseInt(fields[3]), true);
    }

    String name() {
        return name;
    }

    /** {@code command} so that it runs as this user; setpriv execs, so the process id stays the program's own. */
    List<String> wrap(List<String> command) {
        if (!switching) {
            return command;
        }
        if (!Files.isExecutable(Path.of("/usr/bin/setpriv")) && !Files.isExecutable(Path.of("/bin/setpriv"))) {
            throw new IllegalStateException("setpriv (util-linux) is needed to run Patroni as " + name + " from a root JVM");
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives {@code path} to this user (nothing to do unless switching). */
    void own(Path path) {
        if (!switching) {
            return;
        }
        try {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to " + name, e);
        }
    }

    /** Fails clearly when this user could not even reach {@code dir} (e.g. a temp dir under /root). */
    void checkReachable(Path dir) {
        if (!switching) {
            return;
        }
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            try {
                int mode = (Integer) Files.getAttribute(p, "unix:mode");
                if ((mode & 0001) == 0) {
                    throw new IllegalStateException(dir + " is not reachable by " + name + " (Patroni runs as that user"
                            + " because the JVM is root): " + p + " is not searchable by others; set -Djava.io.tmpdir=/tmp");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the mode of " + p, e);
            }
        }
    }

    private static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // No /proc: ask id below.
        }
        return Integer.parseInt(run(List.of("id", "-u")).trim());
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out.trim());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }
}
