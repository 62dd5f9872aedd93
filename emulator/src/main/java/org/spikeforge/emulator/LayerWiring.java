package org.spikeforge.emulator;

/**
 * Where a layer sits in the config: its name, its feed-forward source ({@code -1} for the input channels,
 * otherwise an earlier layer's index), the source's size and the input delay in steps.
 */
record LayerWiring(String name, int source, int fanIn, int inputDelay, boolean output) {}
