// BackendStartup: startup and authentication of a new server connection, up to its first ReadyForQuery.
package dev.switchboard.proxy.backend;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.auth.ClientLogin;
import dev.switchboard.protocol.auth.ClientLoginException;
import dev.switchboard.protocol.backend.Authentication;
import dev.switchboard.protocol.backend.BackendKeyData;
import dev.switchboard.protocol.backend.BackendMessage;
import dev.switchboard.protocol.backend.BackendMessages;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.NegotiateProtocolVersion;
import dev.switchboard.protocol.backend.ParameterStatus;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.protocol.frontend.FrontendMessage;
import dev.switchboard.protocol.startup.StartupMessage;
import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Drives one server connection from StartupMessage to ReadyForQuery. The backend leg negotiates on its
 * own: it asks for 3.2 and accepts the 3.0 a pre-18 server answers with. Nothing said here reaches a
 * client except an error, which the caller relays. Authentication is {@link ClientLogin}'s: the connection is
 * handed out only after it is done, so a server that never proved it knows the SCRAM password is refused.
 */
final class BackendStartup implements BackendListener {
    private final String database;
    private final String user;
    private final CompletableFuture<ServerConn> result;
    private final ClientLogin login;

    BackendStartup(String database, String user, ClientLogin login, CompletableFuture<ServerConn> result) {
        this.database = database;
        this.user = user;
        this.result = result;
        this.login = login;
    }

    /** The connection uses TLS: SCRAM binds to the certificate the server presented. */
    void tls(dev.switchboard.protocol.auth.ChannelBinding binding) {
        login.tls(binding);
    }

    void sendStartup(ServerConn server) {
        LinkedHashMap<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", user);
        parameters.put("database", database);
        StartupMessage startup = new StartupMessage(ProtocolVersion.V3_2, parameters);
        server.channel().writeAndFlush(Messages.encode(server.channel().alloc(), startup));
    }

    @Override
    public void onFrame(ServerConn server, Frame frame) {
        try {
            if (result.isDone()) {
                return;
            }
            if (!frame.isWhole()) {
                fail(server, "08P01", "server sent an unexpected large message of type '" + (char) frame.type()
                        + "' during startup");
                return;
            }
            handle(server, BackendMessages.decode(frame));
        } catch (ClientLoginException e) {
            fail(server, e.sqlState(), "authentication with server " + server.node() + " failed: " + e.getMessage());
        } catch (RuntimeException e) {
            fail(server, "08006", "authentication with server " + server.node() + " failed: " + e.getMessage());
        } finally {
            frame.release();
        }
    }

    private void handle(ServerConn server, BackendMessage message) throws ClientLoginException {
        if (message instanceof NegotiateProtocolVersion negotiate) {
            ProtocolVersion offered = ProtocolVersion.fromCode(negotiate.newestMinorVersionCode());
            if (offered.major() != 3 || offered.minor() > 2 || offered.minor() == 1) {
                fail(server, "08P01", "server " + server.node() + " offered unusable protocol " + offered);
                return;
            }
            server.protocolVersion(offered);
        } else if (message instanceof Authentication request) {
            Optional<FrontendMessage> reply = login.handle(request);
            if (reply.isPresent()) {
                send(server, reply.get());
            }
        } else if (message instanceof ParameterStatus status) {
            server.parameter(status.name(), status.value());
        } else if (message instanceof BackendKeyData key) {
            server.keyData(key.processId(), key.secretKey());
        } else if (message instanceof ErrorResponse error) {
            result.completeExceptionally(new BackendStartupException(error));
            server.close();
        } else if (message instanceof ReadyForQuery) {
            login.checkDone();
            server.listenIdle();
            result.complete(server);
        }
        // NoticeResponse and anything else harmless during startup is ignored.
    }

    private void send(ServerConn server, FrontendMessage message) {
        ByteBuf out = Messages.encode(server.channel().alloc(), message);
        server.channel().writeAndFlush(out);
    }

    private void fail(ServerConn server, String sqlState, String text) {
        result.completeExceptionally(new BackendStartupException(ErrorResponse.fatal(sqlState, text)));
        server.close();
    }

    @Override
    public void onClosed(ServerConn server, Throwable cause) {
        if (!result.isDone()) {
            String why = cause == null ? "the server closed the connection" : cause.getMessage();
            result.completeExceptionally(new BackendStartupException(ErrorResponse.fatal("08006",
                    "lost connection to server " + server.node() + " during startup: " + why)));
        }
    }
}
