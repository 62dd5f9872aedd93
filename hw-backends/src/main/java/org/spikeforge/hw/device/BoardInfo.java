package org.spikeforge.hw.device;

/** One board a library offers: the library spec to load it from, its id and what it can do. */
public record BoardInfo(String library, String boardId, Capabilities capabilities) {
    /** The spec accepted by {@link DeviceRegistry#open(String)}: {@code library:boardId}. */
    public String spec() {
        return library + ":" + boardId;
    }
}
