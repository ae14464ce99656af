// ConnectorFactory: how the proxy opens server connections to a node for a database and user.
package dev.switchboard.proxy.backend;

import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.NodeAddress;
import dev.switchboard.config.UserConfig;
import dev.switchboard.pooling.ServerConnector;

/** Builds the connector of one pool (or listener hub); the proxy's own opens TCP or Unix connections. */
@FunctionalInterface
public interface ConnectorFactory {
    ServerConnector<ServerConn> connectorFor(DatabaseConfig database, UserConfig user, NodeAddress node);
}
