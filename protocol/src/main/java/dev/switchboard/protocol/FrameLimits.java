// The size bounds and whole-or-streamed policy a FrameDecoder applies per type byte.
package dev.switchboard.protocol;

/**
 * Limits for {@link FrameDecoder}.
 *
 * @param maxMessageSize largest accepted length field (counts itself, not the type byte)
 * @param streamChunkSize messages longer than this on the wire are streamed in pieces when their
 *                        type is not whole
 * @param wholeTypes 256 entries indexed by unsigned type byte; true = always emitted whole
 */
public record FrameLimits(int maxMessageSize, int streamChunkSize, boolean[] wholeTypes) {

    /** Default streaming piece size. */
    public static final int DEFAULT_STREAM_CHUNK_SIZE = 64 * 1024;

    /** Validates the bounds and takes a private copy of the table. */
    public FrameLimits {
        if (maxMessageSize < 4) {
            throw new IllegalArgumentException("maxMessageSize must be >= 4: " + maxMessageSize);
        }
        if (streamChunkSize < Frame.HEADER_SIZE) {
            throw new IllegalArgumentException("streamChunkSize must be >= 5: " + streamChunkSize);
        }
        if (wholeTypes == null || wholeTypes.length != 256) {
            throw new IllegalArgumentException("wholeTypes must have 256 entries");
        }
        wholeTypes = wholeTypes.clone();
    }

    /**
     * The presets, one instance per preset and size: a record never changes its table, so every decoder may
     * share it instead of carrying its own 256 entries (which idle connections would otherwise pay for each).
     */
    private enum Preset { BACKEND, FRONTEND, FRONTEND_WHOLE }

    /** A preset at one size. A client's framer is made at two sizes (short until it is authenticated). */
    private record Shape(Preset preset, int maxMessageSize) { }

    /** A configuration has a few sizes; more than this many (reload after reload) starts the table afresh. */
    private static final int MAX_SHAPES = 16;

    private static final java.util.concurrent.ConcurrentMap<Shape, FrameLimits> SHARED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** For server-to-proxy streams: DataRow, CopyData and FunctionCallResponse stream, all else whole. */
    public static FrameLimits backendDefaults(int maxMessageSize) {
        return shared(Preset.BACKEND, maxMessageSize, BackendType.DATA_ROW, BackendType.COPY_DATA,
                BackendType.FUNCTION_CALL_RESPONSE);
    }

    /** For client-to-proxy streams: CopyData, Query, Parse, Bind and FunctionCall stream, all else whole. */
    public static FrameLimits frontendDefaults(int maxMessageSize) {
        return shared(Preset.FRONTEND, maxMessageSize, FrontendType.COPY_DATA, FrontendType.QUERY,
                FrontendType.PARSE, FrontendType.BIND, FrontendType.FUNCTION_CALL);
    }

    /** For a client whose Query, Parse and Bind must arrive whole (they are classified and renamed): only CopyData streams. */
    public static FrameLimits frontendWholeStatements(int maxMessageSize) {
        return shared(Preset.FRONTEND_WHOLE, maxMessageSize, FrontendType.COPY_DATA);
    }

    private static FrameLimits shared(Preset preset, int maxMessageSize, byte... streamed) {
        Shape shape = new Shape(preset, maxMessageSize);
        FrameLimits limits = SHARED.get(shape);
        if (limits == null) {
            if (SHARED.size() >= MAX_SHAPES) {
                SHARED.clear(); // decoders keep the limits they were made with
            }
            limits = new FrameLimits(maxMessageSize, DEFAULT_STREAM_CHUNK_SIZE, wholeExcept(streamed));
            SHARED.put(shape, limits);
        }
        return limits;
    }

    /** The same limits with another piece size. */
    public FrameLimits withStreamChunkSize(int size) {
        return new FrameLimits(maxMessageSize, size, wholeTypes);
    }

    /** True if messages of {@code type} are always emitted whole. */
    public boolean isWhole(byte type) {
        return wholeTypes[type & 0xFF];
    }

    /** A copy of the table (the record keeps its own). */
    @Override
    public boolean[] wholeTypes() {
        return wholeTypes.clone();
    }

    private static boolean[] wholeExcept(byte... streamed) {
        boolean[] whole = new boolean[256];
        java.util.Arrays.fill(whole, true);
        for (byte t : streamed) {
            whole[t & 0xFF] = false;
        }
        return whole;
    }
}
