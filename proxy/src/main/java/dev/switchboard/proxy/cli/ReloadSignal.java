// ReloadSignal: `kill -HUP <pid>` reloads the configuration file, as PgBouncer and PostgreSQL do.
package dev.switchboard.proxy.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.proxy.reload.ConfigReloader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handling SIGHUP replaces the JVM's own use of it (a shutdown, like SIGTERM). The reload runs on its own thread:
 * signal handlers should return quickly, and a reload derives SCRAM secrets.
 */
final class ReloadSignal {
    private static final Logger log = LoggerFactory.getLogger(ReloadSignal.class);

    private ReloadSignal() {
    }

    static void install(ConfigReloader reloader) {
        try {
            sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal ->
                    new Thread(() -> reload(reloader), "switchboard-reload").start());
            if (before == sun.misc.SignalHandler.SIG_IGN) {
                // The JVM leaves a signal ignored at start ignored (a process started under nohup): say so, since
                // kill -HUP and switchboard reload would then change nothing, silently.
                log.warn("SIGHUP was ignored when this process started (under nohup?), so kill -HUP and "
                        + "switchboard reload cannot reach it; use the console's RELOAD, or start it without nohup");
            }
        } catch (IllegalArgumentException e) {
            log.info("kill -HUP cannot reload here ({}); use the console's RELOAD", e.getMessage());
        }
    }

    private static void reload(ConfigReloader reloader) {
        try {
            reloader.reload("SIGHUP");
        } catch (ConfigException e) {
            // Already logged with the file's errors; the process goes on with what it runs.
            log.debug("SIGHUP reload refused", e);
        } catch (RuntimeException e) {
            log.warn("SIGHUP: reload failed, the running configuration stays", e);
        }
    }
}
