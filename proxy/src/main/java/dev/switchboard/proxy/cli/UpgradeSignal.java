// UpgradeSignal: `kill -USR2 <pid>` starts a successor that takes this process's clients over.
package dev.switchboard.proxy.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On SIGUSR2 the running proxy starts {@code switchboard upgrade -c FILE} itself: the same launcher (the
 * {@code switchboard} script, which says where it is) or, without one, the same Java, JVM options and jar (or class
 * path). With {@code --pid-file} the successor gets the same file and rewrites it. The successor writes
 * to the same output, outlives this process, and takes over as {@code upgrade} from a shell would.
 *
 * <p>HotSpot uses SIGUSR2 internally unless told to use another signal ({@code _JAVA_SR_SIGNUM}, which the
 * launcher sets); without that the signal cannot be had, and the log says so.
 */
final class UpgradeSignal {
    private static final Logger log = LoggerFactory.getLogger(UpgradeSignal.class);

    private UpgradeSignal() {
    }

    /** {@code pidFile}, when not null, is handed to the successor, which rewrites it once it has taken over. */
    static void install(Path configFile, Path pidFile) {
        String refusal = refusal(System.getenv("_JAVA_SR_SIGNUM"));
        if (refusal == null) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("USR2"), signal -> startSuccessor(configFile, pidFile));
                return;
            } catch (IllegalArgumentException e) {
                refusal = e.getMessage();
            }
        }
        log.info("kill -USR2 cannot start an upgrade here ({}); start the JVM with _JAVA_SR_SIGNUM=41 as the "
                + "switchboard launcher does, or run `switchboard upgrade -c FILE`", refusal);
    }

    /**
     * Why SIGUSR2 is the JVM's own with this {@code _JAVA_SR_SIGNUM}, or null when it is free. HotSpot suspends
     * threads with SIGUSR2 unless that variable names another signal above SIGSEGV and below 65 (anything else
     * leaves it on SIGUSR2), and some JDKs let a handler be installed over it all the same: the JVM's own
     * suspensions (a JFR recording's sampler, for one) then reached the handler, and every successor, started with
     * the same options, started another.
     */
    static String refusal(String srSignum) {
        if (srSignum == null) {
            return "the JVM suspends threads with SIGUSR2: _JAVA_SR_SIGNUM is not set";
        }
        int signal;
        try {
            signal = Integer.parseInt(srSignum.trim());
        } catch (NumberFormatException e) {
            return "the JVM suspends threads with SIGUSR2: _JAVA_SR_SIGNUM=" + srSignum + " is not a signal number";
        }
        if (signal <= 11 || signal >= 65) {
            return "the JVM suspends threads with SIGUSR2: _JAVA_SR_SIGNUM=" + signal + " is outside 12..64";
        }
        if (signal == 12) {
            return "the JVM suspends threads with SIGUSR2: _JAVA_SR_SIGNUM=12 names it";
        }
        return null;
    }

    private static void startSuccessor(Path configFile, Path pidFile) {
        List<String> command = new ArrayList<>(successorLauncher());
        command.addAll(List.of("upgrade", "-c", configFile.toAbsolutePath().toString()));
        if (pidFile != null) {
            command.addAll(List.of("--pid-file", pidFile.toString()));
        }
        try {
            Process successor = new ProcessBuilder(command).inheritIO().start();
            log.info("SIGUSR2: started a successor (pid {}): {}", successor.pid(), String.join(" ", command));
        } catch (java.io.IOException e) {
            log.warn("SIGUSR2: could not start a successor ({}); this process goes on serving", e.toString());
        }
    }

    /**
     * The launcher script when it started us; else this JVM's java with the options and the jar (or class path and
     * main class) it was started with, so that a unit file's or an image's JVM options carry over.
     */
    private static List<String> successorLauncher() {
        String launcher = System.getProperty("switchboard.launcher");
        if (launcher != null) {
            return List.of(launcher);
        }
        ProcessHandle.Info self = ProcessHandle.current().info();
        String java = self.command().orElse("java");
        List<String> arguments = List.of(self.arguments().orElse(new String[0]));
        int jarOption = arguments.indexOf("-jar");
        int mainClass = arguments.indexOf(Main.class.getName());
        if (jarOption >= 0 && jarOption + 1 < arguments.size()) {
            return concat(java, arguments.subList(0, jarOption + 2));
        } else if (mainClass >= 0) {
            return concat(java, arguments.subList(0, mainClass + 1));
        }
        String jar = Path.of(java).toString(); // replaced below when running from a jar
        try {
            jar = Path.of(UpgradeSignal.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException | SecurityException e) {
            log.debug("the jar's location is unknown: {}", e.toString());
        }
        return List.of(java, "-jar", jar);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
