// ConfigReloader: reads the configuration file again and applies it (console RELOAD, SIGHUP), logging the outcome.
package dev.switchboard.proxy.reload;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.proxy.ProxyContext;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file is validated whole before anything changes: a bad file leaves the running configuration as it is. Every
 * reload, good or bad, is one log line.
 */
public final class ConfigReloader {
    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    private final ProxyContext context;
    /** Null when the proxy was started from a configuration that has no file (embedded in another program). */
    private volatile Path file;
    /** What the last good reload could not apply, for SHOW CONFIG. */
    private volatile List<String> needRestart = List.of();

    public ConfigReloader(ProxyContext context) {
        this.context = context;
    }

    /** The file reloads read from. */
    public void source(Path file) {
        this.file = file;
    }

    /** Keys changed in the file that run with their old value until a restart. */
    public List<String> needRestart() {
        return needRestart;
    }

    /**
     * Reads, validates and applies the file; returns what changed.
     *
     * @throws ConfigException when the file is invalid (nothing changed); its message names file, line and field
     * @throws IllegalStateException when there is no file to reload from
     */
    public synchronized ConfigDiff reload(String who) throws ConfigException {
        Path source = file;
        if (source == null) {
            throw new IllegalStateException("this proxy was not started from a configuration file");
        }
        SwitchboardConfig next;
        try {
            next = ConfigLoader.load(source);
        } catch (ConfigException e) {
            log.warn("{}: reload of {} refused, the running configuration stays: {}", who, source,
                    e.getMessage().replace('\n', ' '));
            throw e;
        }
        ConfigDiff diff = context.apply(next);
        needRestart = diff.needRestart();
        log.info("{}: reloaded {}: {}", who, source, diff.describe());
        return diff;
    }
}
