package org.spikeforge.hw.net;

/** A network that cannot be read as layers; the message is one line naming network, field and limit. */
public final class NetworkFormatException extends IllegalArgumentException {
    public NetworkFormatException(String networkName, String field, String problem) {
        super("network '" + networkName + "': " + field + ": " + problem);
    }
}
