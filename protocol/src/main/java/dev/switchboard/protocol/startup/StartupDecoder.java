// Frames and parses the untyped packets a client sends before the typed v3 stream.
package dev.switchboard.protocol.startup;

import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Decodes pre-startup packets (Int32 length counting itself, Int32 code) into {@link StartupPacket}s.
 *
 * <p>Emits parsed objects and keeps no buffers. Every major version is emitted as a
 * {@link StartupMessage} so the caller can answer 0A000; a bad length or layout raises a
 * {@link ProtocolException} (08P01) and the decoder then discards all input. After a StartupMessage or
 * CancelRequest it decodes nothing more: later bytes stay buffered until the caller replaces the
 * decoder (e.g. with a FrameDecoder), which receives them. It never removes itself.
 */
public final class StartupDecoder extends ByteToMessageDecoder {

    /**
     * Largest startup packet accepted, length word included: the server's limit of 10000 bytes
     * (MAX_STARTUP_PACKET_LENGTH) counts the packet without its length word.
     */
    public static final int MAX_PACKET_LENGTH = 10000 + 4;
    /** Smallest packet: length and code. */
    public static final int MIN_PACKET_LENGTH = 8;

    private enum State { PACKET, DONE, FAILED }

    private State state = State.PACKET;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        for (;;) {
            switch (state) {
                case PACKET: {
                    if (in.readableBytes() < 4) {
                        return;
                    }
                    int length = in.getInt(in.readerIndex());
                    if (length < MIN_PACKET_LENGTH || length > MAX_PACKET_LENGTH) {
                        throw fail(in, "invalid length of startup packet: " + length
                                + (in.getByte(in.readerIndex()) == 0x16
                                        ? " (a TLS handshake without SSLRequest?)" : ""));
                    }
                    if (in.readableBytes() < length) {
                        return;
                    }
                    ByteBuf packet = in.readSlice(length).skipBytes(4);
                    StartupPacket p;
                    try {
                        p = parse(packet, length, in);
                    } catch (ProtocolException e) {
                        throw fail(in, e.getMessage());
                    }
                    if (p instanceof StartupMessage || p instanceof CancelRequest) {
                        state = State.DONE;
                    }
                    out.add(p);
                    break;
                }
                case DONE:
                    // What follows is the typed stream: keep it for the handler that replaces us
                    // (ByteToMessageDecoder hands leftover bytes on when it is removed).
                    return;
                case FAILED:
                    in.skipBytes(in.readableBytes());
                    return;
                default:
                    throw new IllegalStateException("unknown state " + state);
            }
        }
    }

    private StartupPacket parse(ByteBuf packet, int length, ByteBuf rest) {
        int code = packet.readInt();
        switch (code) {
            case SslRequest.CODE:
                checkEncryptionRequest(length, rest, "SSL");
                return SslRequest.INSTANCE;
            case GssEncRequest.CODE:
                checkEncryptionRequest(length, rest, "GSSAPI");
                return GssEncRequest.INSTANCE;
            case CancelRequest.CODE: {
                CancelRequest.checkKeyLength(length - 12);
                int pid = packet.readInt();
                return new CancelRequest(pid, Wire.readBytes(packet, packet.readableBytes(), "cancel request"));
            }
            default:
                ProtocolVersion version = ProtocolVersion.fromCode(code);
                // Another major version's layout is unknown: the caller rejects it with 0A000.
                return new StartupMessage(version, version.isV3() ? parameters(packet) : new LinkedHashMap<>());
        }
    }

    private static void checkEncryptionRequest(int length, ByteBuf rest, String what) {
        if (length != MIN_PACKET_LENGTH) {
            throw ProtocolException.violation("invalid length of " + what + " request: " + length);
        }
        // Bytes sent before the handshake would be trusted as if encrypted (CVE-2021-23214).
        if (rest.isReadable()) {
            throw ProtocolException.violation("received unencrypted data after " + what + " request");
        }
    }

    private static LinkedHashMap<String, String> parameters(ByteBuf packet) {
        LinkedHashMap<String, String> params = new LinkedHashMap<>();
        for (;;) {
            if (!packet.isReadable()) {
                throw ProtocolException.violation("invalid startup packet layout: missing terminator");
            }
            String name = Wire.readCString(packet, "startup");
            if (name.isEmpty()) {
                if (packet.isReadable()) {
                    throw ProtocolException.violation(
                            "invalid startup packet layout: expected terminator as last byte");
                }
                return params;
            }
            // Thousands of clients send the same few names and values (user, database, application_name):
            // one shared copy each keeps them out of every idle client's memory.
            params.put(SharedStrings.shared(name), SharedStrings.shared(Wire.readCString(packet, "startup")));
        }
    }

    private ProtocolException fail(ByteBuf in, String message) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
        return ProtocolException.violation(message);
    }

    /**
     * Bytes received and not yet decoded. After an SSLRequest there must be none: anything the client sent
     * before the TLS handshake would otherwise be read as if it had come through TLS.
     */
    public int buffered() {
        return actualReadableBytes();
    }
}
