// Which operating-system user runs PostgreSQL: the JVM's own, or an unprivileged one when the JVM is root.
package dev.switchboard.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * initdb and postgres refuse to run as root. When this JVM is root, every PostgreSQL command is wrapped
 * with {@code setpriv} (or {@code runuser}) to run as {@code nobody}, or the user named by
 * {@code SWITCHBOARD_PG_USER}, and every file PostgreSQL touches is handed to that user.
 */
public final class PgOsUser {

    /** Environment variable naming the user PostgreSQL runs as when the JVM is root. */
    static final String USER_ENV = "SWITCHBOARD_PG_USER";

    private static volatile PgOsUser detected;

    private final String name;
    private final int uid;
    private final int gid;
    private final boolean switching;

    private PgOsUser(String name, int uid, int gid, boolean switching) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        this.switching = switching;
    }

    /** The user for this JVM, detected once. */
    public static PgOsUser detect() {
        PgOsUser user = detected;
        if (user == null) {
            int euid = currentUid();
            if (euid == 0) {
                String wanted = System.getenv(USER_ENV);
                user = lookup(wanted == null || wanted.isBlank() ? "nobody" : wanted.trim());
                if (user.uid == 0) {
                    throw new EmbeddedPostgresException(USER_ENV + " names a root user (" + user.name
                            + "); PostgreSQL refuses to run as root");
                }
            } else {
                user = new PgOsUser(System.getProperty("user.name"), euid, -1, false);
            }
            detected = user;
        }
        return user;
    }

    /** True when PostgreSQL runs as another user than the JVM (the JVM is root). */
    public boolean switching() {
        return switching;
    }

    public String name() {
        return name;
    }

    /** The command, prefixed so that it runs as this user. */
    public List<String> wrap(List<String> command) {
        if (!switching) {
            return command;
        }
        List<String> wrapped = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setpriv")) || Files.isExecutable(Path.of("/bin/setpriv"))) {
            wrapped.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
        } else {
            wrapped.addAll(List.of("runuser", "-u", name, "--"));
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives a file or directory to this user (no-op unless switching); does not follow symlinks. */
    public void own(Path path) {
        if (!switching) {
            return;
        }
        try {
            Files.setAttribute(path, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to user " + name, e);
        }
    }

    /**
     * Fails clearly when this user could not reach {@code dir}: every ancestor must be searchable by
     * "others" or owned by the user (e.g. /root is 0700, so nothing below it works).
     */
    public void checkReachable(Path dir) {
        if (!switching) {
            return;
        }
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            try {
                int mode = (Integer) Files.getAttribute(p, "unix:mode");
                int owner = (Integer) Files.getAttribute(p, "unix:uid");
                if ((mode & 0001) == 0 && owner != uid) {
                    throw new EmbeddedPostgresException(dir + " is not reachable by user " + name
                            + " (PostgreSQL runs as that user because the JVM is root): " + p
                            + " is not searchable by others; use a base directory or -Djava.io.tmpdir"
                            + " under a world-accessible directory such as /tmp");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot check permissions of " + p, e);
            }
        }
    }

    private static int currentUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]); // effective uid
                }
            }
        } catch (IOException | RuntimeException e) {
            // Fall through to the id command on systems without /proc.
        }
        return Integer.parseInt(run(List.of("id", "-u")).trim());
    }

    private static PgOsUser lookup(String user) {
        String entry = run(List.of("getent", "passwd", user)).trim();
        String[] fields = entry.split(":");
        if (fields.length < 4) {
            throw new EmbeddedPostgresException("unknown user '" + user + "' (from " + USER_ENV
                    + " or the default 'nobody'): getent passwd printed '" + entry + "'");
        }
        return new PgOsUser(fields[0], Integer.parseInt(fields[2]), Integer.parseInt(fields[3]), true);
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new EmbeddedPostgresException(String.join(" ", command) + " failed: " + out.trim());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted running " + String.join(" ", command), e);
        }
    }
}
