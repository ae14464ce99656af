// MiddlewareAnswer: what the proxy answers to a statement on a middleware setting, in either query protocol.
package dev.switchboard.proxy.extensions;

import dev.switchboard.protocol.Encodable;
import dev.switchboard.protocol.backend.CommandComplete;
import dev.switchboard.protocol.backend.DataRow;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.RowDescription;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * SET and RESET are answered with their command tag, SHOW with one text column named after the setting, one
 * row and the tag SHOW — what PostgreSQL answers for its own settings. Refusals carry PostgreSQL's SQLSTATEs.
 */
public final class MiddlewareAnswer {
    /** pg_type OID of text. */
    private static final int TEXT = 25;

    private MiddlewareAnswer() {
    }

    /** The RowDescription a Describe (or the simple protocol) gives, or null for SET and RESET (NoData). */
    public static RowDescription rowDescription(MiddlewareStatement statement) {
        return statement.kind() == MiddlewareStatement.Kind.SHOW
                ? new RowDescription(List.of(RowDescription.Field.text(statement.name(), TEXT))) : null;
    }

    /**
     * Runs the statement on the client's settings and writes what answers its execution to {@code out}: the row
     * and CommandComplete, or an ErrorResponse. Returns false when it was refused.
     */
    public static boolean execute(MiddlewareStatement statement, ClientExtensions extensions, ByteBuf out) {
        Extension extension = Extension.ofSetting(statement.name());
        try {
            if (extension == null) {
                throw ExtensionException.unknown(statement.name());
            }
            if (statement.local()) {
                throw new ExtensionException("0A000", "middleware setting \"" + statement.name()
                        + "\" cannot be set locally: middleware settings belong to the session, not to a transaction");
            }
            switch (statement.kind()) {
                case SET -> extensions.set(extension, statement.value());
                case RESET -> extensions.reset(extension);
                case SHOW -> DataRow.writeText(out, List.of(extensions.show(extension)));
            }
        } catch (ExtensionException e) {
            write(out, ErrorResponse.error(e.sqlState(), e.getMessage()));
            return false;
        }
        write(out, new CommandComplete(statement.tag()));
        return true;
    }

    /** Whether classified SQL sets or resets a middleware setting (then it must be a statement of its own). */
    public static boolean changesMiddlewareSetting(dev.switchboard.proxy.sql.Classification c) {
        for (dev.switchboard.proxy.sql.SettingChange change : c.settingChanges()) {
            if (change instanceof dev.switchboard.proxy.sql.SettingChange.Set set && Extension.isMiddlewareSetting(set.name())
                    || change instanceof dev.switchboard.proxy.sql.SettingChange.Reset reset
                    && Extension.isMiddlewareSetting(reset.name())) {
                return true;
            }
        }
        return false;
    }

    /** The refusal of a text that mixes a middleware statement with others, or changes one another way. */
    public static ErrorResponse notAlone() {
        return ErrorResponse.error("0A000", "middleware settings (switchboard.*) must be changed with a SET or RESET"
                + " statement of its own, not together with other statements");
    }

    static void write(ByteBuf out, Encodable message) {
        message.encode(out);
    }
}
