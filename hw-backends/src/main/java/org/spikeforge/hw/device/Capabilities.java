package org.spikeforge.hw.device;

import org.spikeforge.proto.TargetFamily;

/**
 * What a board can hold and how fast it runs, queried from the library so that a compiler or a CLI
 * can check a config against a real chip's limits before loading it. Clock and step rate are
 * nominal figures for simulated boards.
 */
public record Capabilities(TargetFamily family, long maxNeurons, long maxInputs, long maxOutputs, long maxFanIn,
                           long maxLayers, long maxInputDelay, long maxRunSteps, long clockHz,
                           long stepsPerSecond, long maxSpikesPerStep) {
}
