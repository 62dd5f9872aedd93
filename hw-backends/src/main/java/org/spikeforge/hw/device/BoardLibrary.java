package org.spikeforge.hw.device;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A loaded board library. Loading checks, before any other call, that every ABI symbol is exported
 * and that {@code sf_abi_version()} matches, so that a wrong or outdated adapter fails with one clear
 * message instead of a crash at the first missing function.
 */
public final class BoardLibrary {
    /** Library spec of the reference board bundled in this jar. */
    public static final String REFBOARD = "refboard";
    private static final String REFBOARD_NATIVE_NAME = "spikeforge_refboard";

    /**
     * ABI functions a library may leave out; callers fall back to the required calls. Adding an optional call keeps
     * every existing adapter loadable, so it does not bump {@link BoardAbi#ABI_VERSION}.
     */
    public static final Set<String> OPTIONAL_SYMBOLS = Set.of("sf_write_weights_indexed");

    private final String spec;
    private final BoardAbi abi;
    private final Set<String> optionalPresent;

    private BoardLibrary(String spec, BoardAbi abi, Set<String> optionalPresent) {
        this.spec = spec;
        this.abi = abi;
        this.optionalPresent = Set.copyOf(optionalPresent);
    }

    /**
     * Loads a board library.
     *
     * @param spec {@code "refboard"} for the bundled reference board, a path to a shared object, or
     *             a library name JNA resolves on its search path
     */
    public static BoardLibrary load(String spec) {
        if (spec == null || spec.isBlank()) {
            throw DeviceException.binding("board library spec is empty");
        }
        String nativeName = REFBOARD.equals(spec) ? REFBOARD_NATIVE_NAME : spec;
        NativeLibrary library;
        try {
            library = NativeLibrary.getInstance(nativeName);
        } catch (UnsatisfiedLinkError e) {
            throw DeviceException.binding("cannot load board library '" + spec + "': " + firstLine(e.getMessage()));
        }
        for (String symbol : requiredSymbols()) {
            try {
                library.getFunction(symbol);
            } catch (UnsatisfiedLinkError e) {
                throw DeviceException.binding("board library '" + spec + "' (" + library.getFile()
                        + ") does not export " + symbol + ", required by board ABI " + BoardAbi.ABI_VERSION);
            }
        }
        Set<String> optional = new java.util.HashSet<>();
        for (String symbol : OPTIONAL_SYMBOLS) {
            try {
                library.getFunction(symbol);
                optional.add(symbol);
            } catch (UnsatisfiedLinkError e) {
                // absent: the caller uses the required calls instead
            }
        }
        BoardAbi abi = Native.load(nativeName, BoardAbi.class);
        int version = abi.sf_abi_version();
        if (version != BoardAbi.ABI_VERSION) {
            throw DeviceException.binding("board library '" + spec + "' speaks board ABI " + version
                    + ", this SpikeForge needs ABI " + BoardAbi.ABI_VERSION);
        }
        return new BoardLibrary(spec, abi, optional);
    }

    /** Whether the library exports the optional ABI function {@code symbol} (one of {@link #OPTIONAL_SYMBOLS}). */
    public boolean exports(String symbol) {
        return optionalPresent.contains(symbol);
    }

    /** The symbols every board library must export: the methods of {@link BoardAbi} but the optional ones, sorted. */
    public static List<String> requiredSymbols() {
        return Arrays.stream(BoardAbi.class.getDeclaredMethods()).map(Method::getName)
                .filter(name -> !OPTIONAL_SYMBOLS.contains(name)).sorted().distinct().toList();
    }

    /** The spec this library was loaded from. */
    public String spec() {
        return spec;
    }

    BoardAbi abi() {
        return abi;
    }

    /** Ids of the boards this library can open, in the library's order. */
    public List<String> boardIds() {
        IntByReference count = new IntByReference();
        checkOpen(abi.sf_board_count(count), "sf_board_count");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count.getValue(); i++) {
            int index = i;
            ids.add(readString((buf, cap, req) -> abi.sf_board_id(index, buf, cap, req), null, "sf_board_id"));
        }
        return ids;
    }

    /** Opens a board by id; the caller owns the returned device. */
    public JnaDevice open(String boardId) {
        return JnaDevice.open(this, boardId);
    }

    /** Throws for a failed handle-less call, with the library's thread-local message. */
    void checkOpen(int rc, String call) {
        if (rc != 0) {
            throw new DeviceException(BoardError.of(rc), rc,
                    spec + ": " + call + " failed (" + BoardError.of(rc) + "): " + abi.sf_last_open_error());
        }
    }

    /** Throws for a failed call on a handle, with the board's message. */
    void check(int rc, Pointer handle, String boardId, String call) {
        if (rc != 0) {
            throw new DeviceException(BoardError.of(rc), rc,
                    boardId + ": " + call + " failed (" + BoardError.of(rc) + "): " + abi.sf_last_error(handle));
        }
    }

    /** A C string read with the ABI's "ask for the size, then fetch" convention. */
    interface StringCall {
        int call(byte[] buf, long capacity, LongByReference required);
    }

    String readString(StringCall call, Pointer handle, String name) {
        LongByReference required = new LongByReference();
        byte[] buf = new byte[64];
        int rc = call.call(buf, buf.length, required);
        if (rc == BoardError.BUFFER_TOO_SMALL.code() && required.getValue() > buf.length
                && required.getValue() < 1 << 20) {
            buf = new byte[(int) required.getValue()];
            rc = call.call(buf, buf.length, required);
        }
        if (handle == null) {
            checkOpen(rc, name);
        } else {
            check(rc, handle, spec, name);
        }
        int length = 0;
        while (length < buf.length && buf[length] != 0) {
            length++;
        }
        return new String(buf, 0, length, StandardCharsets.UTF_8);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown reason";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
