// Bind: bind parameter values to a prepared statement, creating a portal; kept raw, parsed on demand.
package dev.switchboard.protocol.frontend;

import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.PayloadMessage;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bind: portal, statement, parameter formats, parameter values, result formats. Reference counted;
 * the layout is validated once and names are read on demand. Replies: BindComplete or ErrorResponse.
 */
public final class Bind extends PayloadMessage implements FrontendMessage {

    private final int statementAt;
    private final int formatsAt;
    private final int paramsAt;
    private final int resultsAt;

    /** Takes ownership of {@code body}, releasing it if the layout is invalid. */
    public Bind(ByteBuf body) {
        this(body, validated(body));
    }

    private Bind(ByteBuf body, BindLayout layout) {
        super(body);
        statementAt = layout.statementAt();
        formatsAt = layout.formatsAt();
        paramsAt = layout.paramsAt();
        resultsAt = layout.resultsAt();
    }

    /** Validates {@code body} and returns a Bind holding a retained slice of it. */
    public static Bind decode(ByteBuf body) {
        BindLayout layout = BindLayout.of(body);
        return new Bind(body.retainedSlice(), layout);
    }

    private static BindLayout validated(ByteBuf body) {
        try {
            return BindLayout.of(body);
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
    }

    /** Writes a whole Bind message; a null parameter is SQL NULL. */
    public static void write(ByteBuf out, String portal, String statement, short[] paramFormats,
                             List<byte[]> params, short[] resultFormats) {
        int at = Wire.begin(out, FrontendType.BIND);
        Wire.writeCString(out, portal);
        Wire.writeCString(out, statement);
        writeShorts(out, paramFormats);
        out.writeShort(params.size());
        for (byte[] p : params) {
            if (p == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(p.length).writeBytes(p);
            }
        }
        writeShorts(out, resultFormats);
        Wire.end(out, at);
    }

    /** The portal name ("" = unnamed). */
    public String portal() {
        return string(0, statementAt - 1);
    }

    /** The prepared statement name ("" = unnamed). */
    public String statement() {
        return string(statementAt, formatsAt - 1);
    }

    /** The parameter format codes (0, 1 or n entries). */
    public short[] parameterFormats() {
        return shorts(formatsAt);
    }

    /** The number of parameter values. */
    public int parameterCount() {
        return content().getUnsignedShort(content().readerIndex() + paramsAt);
    }

    /** Parameter {@code i} as a slice (not retained), or null for SQL NULL. */
    public ByteBuf parameter(int i) {
        int n = parameterCount();
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("parameter " + i + " of " + n);
        }
        ByteBuf b = content();
        int at = b.readerIndex() + paramsAt + 2;
        for (int p = 0; ; p++) {
            int len = b.getInt(at);
            at += 4;
            if (p == i) {
                return len < 0 ? null : b.slice(at, len);
            }
            at += Math.max(len, 0);
        }
    }

    /** The result column format codes. */
    public short[] resultFormats() {
        return shorts(resultsAt);
    }

    /** Writes this Bind naming {@code statementName} instead, copying everything else as is. */
    public void encodeWithStatement(ByteBuf out, String statementName) {
        ByteBuf b = content();
        int at = Wire.begin(out, type());
        out.writeBytes(b, b.readerIndex(), statementAt);
        Wire.writeCString(out, statementName);
        out.writeBytes(b, b.readerIndex() + formatsAt, b.readableBytes() - formatsAt);
        Wire.end(out, at);
    }

    private String string(int from, int nulAt) {
        ByteBuf b = content();
        return b.toString(b.readerIndex() + from, nulAt - from, StandardCharsets.UTF_8);
    }

    private short[] shorts(int at) {
        ByteBuf b = content();
        int base = b.readerIndex() + at;
        short[] s = new short[b.getUnsignedShort(base)];
        for (int i = 0; i < s.length; i++) {
            s[i] = b.getShort(base + 2 + 2 * i);
        }
        return s;
    }

    private static void writeShorts(ByteBuf out, short[] values) {
        out.writeShort(values.length);
        for (short v : values) {
            out.writeShort(v);
        }
    }

    @Override
    public byte type() {
        return FrontendType.BIND;
    }

    @Override
    public Bind replace(ByteBuf content) {
        return new Bind(content);
    }

    @Override
    public String toString() {
        return refCnt() > 0 ? "Bind[portal=" + portal() + ", statement=" + statement() + ", "
                + parameterCount() + " parameters]" : "Bind[released]";
    }
}
