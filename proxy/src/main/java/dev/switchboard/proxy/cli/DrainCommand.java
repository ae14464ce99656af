// DrainCommand: `switchboard drain -c FILE` — the proxy running with FILE stops accepting and drains its clients.
package dev.switchboard.proxy.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.proxy.handoff.DrainRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Asks over the handoff socket the configuration names (see docs/handoff.md), so it reaches exactly the process
 * serving that configuration. Exit 0 once the drain has begun, 1 when nobody answers, 2 for a bad file.
 */
final class DrainCommand {
    private DrainCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 || !(args[0].equals("-c") || args[0].equals("--config"))) {
            throw new Main.UsageException("drain takes -c FILE");
        }
        Path file = Path.of(args[1]);
        SwitchboardConfig config;
        try {
            config = ConfigLoader.load(file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        Path socket = config.listen().handoffSocketPath();
        if (socket == null) {
            err.println("switchboard: " + file + " has listen.port 0 and no listen.handoff_socket: no running proxy "
                    + "can be found through it");
            return 2;
        }
        try {
            DrainRequest.send(socket);
        } catch (IOException e) {
            err.println("switchboard: no running Switchboard answers on " + socket + ": " + e.getMessage());
            return 1;
        }
        out.println("switchboard: the proxy running with " + file + " accepts no new connections and asks its "
                + "clients to reconnect elsewhere; it stops once they are gone");
        return 0;
    }
}
