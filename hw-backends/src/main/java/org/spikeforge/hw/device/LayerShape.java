package org.spikeforge.hw.device;

/** A loaded layer as the board sees it; weight offsets index its row-major matrices. */
public record LayerShape(String name, int size, int fanIn, boolean recurrent) {
}
