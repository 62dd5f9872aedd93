package org.spikeforge.hw.device;

/**
 * A board call failed. The message names the library (or board) and carries the library's own
 * one-line explanation, so that a user sees e.g. which config field broke which limit.
 */
public final class DeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final BoardError error;
    private final int nativeCode;

    public DeviceException(BoardError error, int nativeCode, String message) {
        super(message);
        this.error = error;
        this.nativeCode = nativeCode;
    }

    /** A failure detected on the Java side, before or around a native call. */
    public static DeviceException binding(String message) {
        return new DeviceException(BoardError.BINDING, 0, message);
    }

    public BoardError error() {
        return error;
    }

    /** The raw status code returned by the library (0 for {@link BoardError#BINDING}). */
    public int nativeCode() {
        return nativeCode;
    }
}
