/**
 * {@code spikeforge demo}: the end-to-end walk through SpikeForge as an ordered list of stages
 * sharing one context. Each issue that adds a pipeline step (training, compiling, emulating,
 * deploying, hardware in the loop) adds one {@link org.spikeforge.cli.demo.DemoStage} to
 * {@link org.spikeforge.cli.demo.DemoPipeline#standard()}.
 */
package org.spikeforge.cli.demo;
