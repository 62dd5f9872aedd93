package org.spikeforge.hw.device;

/** The status codes of the board ABI ({@code SF_ERR_*}), so that callers can react to a kind of failure. */
public enum BoardError {
    NULL_ARGUMENT(-1),
    INVALID_ARGUMENT(-2),
    BUFFER_TOO_SMALL(-3),
    NO_SUCH_BOARD(-4),
    MALFORMED(-5),
    INVALID_CONFIG(-6),
    TARGET_MISMATCH(-7),
    CAPACITY(-8),
    NOT_LOADED(-9),
    OUT_OF_MEMORY(-10),
    DEVICE(-11),
    UNSUPPORTED(-12),
    /** Not a native code: failures on the Java side (library missing, closed device, bad input). */
    BINDING(Integer.MIN_VALUE),
    /** A negative code this binding does not know (a newer library). */
    UNKNOWN(Integer.MIN_VALUE + 1);

    private final int code;

    BoardError(int code) {
        this.code = code;
    }

    /** The native status code. */
    public int code() {
        return code;
    }

    /** The error for a native status code; {@link #UNKNOWN} for codes this version does not define. */
    public static BoardError of(int code) {
        for (BoardError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return UNKNOWN;
    }
}
