// AuthLookup: one run of auth.query on a server connection of its own — the stored password of one user, or none.
package dev.switchboard.proxy.auth;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.backend.DataRow;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.frontend.Bind;
import dev.switchboard.protocol.frontend.Execute;
import dev.switchboard.protocol.frontend.Parse;
import dev.switchboard.protocol.frontend.Sync;
import dev.switchboard.proxy.backend.BackendListener;
import dev.switchboard.proxy.backend.ServerConn;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The user name travels as a bound parameter ($1), never inside the SQL text, so no name can change the
 * query. The second column of the first row is the answer; no row means no such user. The connection is
 * closed afterwards: lookups are rare (answers are cached) and must not hold a pooled server.
 */
final class AuthLookup implements BackendListener {
    private final CompletableFuture<Optional<String>> result = new CompletableFuture<>();
    private String stored;
    private String error;

    static CompletableFuture<Optional<String>> run(ServerConn server, String sql, String user) {
        AuthLookup lookup = new AuthLookup();
        server.listen(lookup);
        server.channel().writeAndFlush(Messages.encode(server.channel().alloc(), new Parse("", sql, new int[0]),
                out -> Bind.write(out, "", "", new short[0], List.of(user.getBytes(StandardCharsets.UTF_8)), new short[0]),
                new Execute("", 1), Sync.INSTANCE));
        return lookup.result.whenComplete((found, e) -> server.close());
    }

    @Override
    public void onFrame(ServerConn server, Frame frame) {
        try {
            if (!frame.isWhole()) {
                return;
            }
            switch (frame.type()) {
                case BackendType.DATA_ROW -> {
                    if (stored == null) {
                        DataRow row = DataRow.decode(frame.body());
                        try {
                            List<String> texts = row.texts();
                            stored = texts.size() > 1 ? texts.get(1) : null;
                        } finally {
                            row.release();
                        }
                    }
                }
                case BackendType.ERROR_RESPONSE -> error = ErrorResponse.decode(frame.body()).message();
                case BackendType.READY_FOR_QUERY -> {
                    if (error != null) {
                        result.completeExceptionally(new IllegalStateException("auth.query failed: " + error));
                    } else {
                        result.complete(Optional.ofNullable(stored));
                    }
                }
                default -> { }
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public void onClosed(ServerConn server, Throwable cause) {
        result.completeExceptionally(new IllegalStateException("auth.query connection closed"
                + (cause == null ? "" : ": " + cause.getMessage())));
    }
}
