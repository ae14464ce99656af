// ReloadCommand: `switchboard reload -c FILE` validates FILE, then sends SIGHUP to the proxy running with it.
package dev.switchboard.proxy.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The running proxy is found among this user's processes: a {@code switchboard run} or {@code upgrade} whose
 * {@code -c} names the same file (as an absolute path or as written). {@code --pid N} names it directly. The file
 * is checked here first, so that a bad file is reported to whoever ran the command; the proxy reads it again and
 * logs the outcome.
 */
final class ReloadCommand {

    private ReloadCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path file = null;
        Long pid = null;
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("-c") || args[i].equals("--config")) && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].equals("--pid") && i + 1 < args.length) {
                try {
                    pid = Long.parseLong(args[++i]);
                } catch (NumberFormatException e) {
                    throw new Main.UsageException("--pid needs a process id: " + args[i]);
                }
            } else {
                throw new Main.UsageException("unknown option for reload: " + args[i]);
            }
        }
        if (file == null) {
            throw new Main.UsageException("reload needs -c FILE");
        }
        try {
            ConfigLoader.load(file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.println("switchboard: nothing reloaded; the running proxy keeps its configuration");
            return 2;
        }
        List<Long> targets = pid != null ? List.of(pid) : runningWith(file);
        if (targets.isEmpty()) {
            err.println("switchboard: no running proxy found with -c " + file + " (give --pid N)");
            return 1;
        }
        int failures = 0;
        for (long target : targets) {
            if (hangUp(target)) {
                out.println("switchboard: asked pid " + target + " to reload " + file + "; its log has the outcome");
            } else {
                err.println("switchboard: could not signal pid " + target);
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static List<Long> runningWith(Path file) {
        Path wanted = file.toAbsolutePath().normalize();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> p.info().arguments().map(a -> runsWith(a, file, wanted)).orElse(false))
                .map(ProcessHandle::pid)
                .toList();
    }

    private static boolean runsWith(String[] args, Path file, Path wanted) {
        boolean proxy = false;
        boolean sameFile = false;
        for (int i = 0; i < args.length; i++) {
            proxy |= args[i].equals("run") || args[i].equals("upgrade");
            if ((args[i].equals("-c") || args[i].equals("--config")) && i + 1 < args.length) {
                String named = args[i + 1];
                sameFile |= named.equals(file.toString()) || Path.of(named).toAbsolutePath().normalize().equals(wanted);
            }
        }
        return proxy && sameFile;
    }

    /** Java has no way to send SIGHUP; kill(1) is everywhere the proxy runs. */
    private static boolean hangUp(long pid) {
        try {
            return new ProcessBuilder("kill", "-HUP", Long.toString(pid)).inheritIO().start().waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
