// BackendStartup: startup and authentication of a new server connection, up to its first ReadyForQuery.
package dev.switchboard.proxy.backend;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.auth.Md5Password;
import dev.switchboard.protocol.auth.ScramClientSession;
import dev.switchboard.protocol.auth.ScramException;
import dev.switchboard.protocol.backend.Authentication;
import dev.switchboard.protocol.backend.AuthenticationCleartextPassword;
import dev.switchboard.protocol.backend.AuthenticationMD5Password;
import dev.switchboard.protocol.backend.AuthenticationOk;
import dev.switchboard.protocol.backend.AuthenticationSASL;
import dev.switchboard.protocol.backend.AuthenticationSASLContinue;
import dev.switchboard.protocol.backend.AuthenticationSASLFinal;
import dev.switchboard.protocol.backend.BackendKeyData;
import dev.switchboard.protocol.backend.BackendMessage;
import dev.switchboard.protocol.backend.BackendMessages;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.NegotiateProtocolVersion;
import dev.switchboard.protocol.backend.ParameterStatus;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.protocol.frontend.PasswordMessage;
import dev.switchboard.protocol.frontend.SASLInitialResponse;
import dev.switchboard.protocol.frontend.SASLResponse;
import dev.switchboard.protocol.startup.StartupMessage;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * Drives one server connection from StartupMessage to ReadyForQuery. The backend leg negotiates on its
 * own: it asks for 3.2 and accepts the 3.0 a pre-18 server answers with. Nothing said here reaches a
 * client except an error, which the caller relays.
 */
final class BackendStartup implements BackendListener {
    private static final String SCRAM = "SCRAM-SHA-256";

    private final String database;
    private final String user;
    private final String password;
    private final CompletableFuture<ServerConn> result;
    private ScramClientSession scram;

    BackendStartup(String database, String user, String password, CompletableFuture<ServerConn> result) {
        this.database = database;
        this.user = user;
        this.password = password;
        this.result = result;
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
        } catch (ScramException | RuntimeException e) {
            fail(server, "08006", "authentication with server " + server.node() + " failed: " + e.getMessage());
        } finally {
            frame.release();
        }
    }

    private void handle(ServerConn server, BackendMessage message) throws ScramException {
        if (message instanceof NegotiateProtocolVersion negotiate) {
            ProtocolVersion offered = ProtocolVersion.fromCode(negotiate.newestMinorVersionCode());
            if (offered.major() != 3 || offered.minor() > 2 || offered.minor() == 1) {
                fail(server, "08P01", "server " + server.node() + " offered unusable protocol " + offered);
                return;
            }
            server.protocolVersion(offered);
        } else if (message instanceof AuthenticationOk) {
            // nothing to do: parameters and key data follow
        } else if (message instanceof AuthenticationCleartextPassword) {
            send(server, new PasswordMessage(requirePassword(server, "password")));
        } else if (message instanceof AuthenticationMD5Password md5) {
            send(server, new PasswordMessage(Md5Password.response(user, requirePassword(server, "md5"), md5.salt())));
        } else if (message instanceof AuthenticationSASL sasl) {
            if (!sasl.mechanisms().contains(SCRAM)) {
                fail(server, "28000", "server " + server.node() + " offers no SASL mechanism the proxy supports: "
                        + sasl.mechanisms());
                return;
            }
            scram = new ScramClientSession(requirePassword(server, SCRAM));
            byte[] first = scram.clientFirstMessage().getBytes(StandardCharsets.UTF_8);
            send(server, new SASLInitialResponse(SCRAM, first));
        } else if (message instanceof AuthenticationSASLContinue next && scram != null) {
            String clientFinal = scram.handleServerFirst(new String(next.data(), StandardCharsets.UTF_8));
            send(server, new SASLResponse(clientFinal.getBytes(StandardCharsets.UTF_8)));
        } else if (message instanceof AuthenticationSASLFinal done && scram != null) {
            scram.verifyServerFinal(new String(done.data(), StandardCharsets.UTF_8));
        } else if (message instanceof ParameterStatus status) {
            server.parameter(status.name(), status.value());
        } else if (message instanceof BackendKeyData key) {
            server.keyData(key.processId(), key.secretKey());
        } else if (message instanceof ErrorResponse error) {
            result.completeExceptionally(new BackendStartupException(error));
            server.close();
        } else if (message instanceof ReadyForQuery) {
            server.listenIdle();
            result.complete(server);
        } else if (message instanceof Authentication) {
            fail(server, "28000", "server " + server.node() + " asked for an authentication method the proxy "
                    + "does not support (" + message.getClass().getSimpleName() + ")");
        }
        // NoticeResponse and anything else harmless during startup is ignored.
    }

    private String requirePassword(ServerConn server, String method) {
        if (password == null) {
            throw new IllegalStateException("server " + server.node() + " asks for " + method
                    + " authentication of user \"" + user + "\" but no backend_password is configured");
        }
        return password;
    }

    private void send(ServerConn server, dev.switchboard.protocol.Encodable message) {
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
