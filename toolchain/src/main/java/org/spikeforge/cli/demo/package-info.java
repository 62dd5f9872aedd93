/**
 * {@code spikeforge demo}: the end-to-end walk through SpikeForge as an ordered list of stages sharing one
 * context: simulate the worked theta example, check gradients, train a LIF net on Yin-Yang (neurons starting from
 * rest so one net fits both chips), compile it for loihi2 and xylo, verify both in the emulator, compare the C
 * reference board's traces with the emulator's, and fine-tune in the loop on a board with mismatch. Each stage
 * calls the library code the matching subcommand uses; {@link org.spikeforge.cli.demo.DemoRecipe} holds every
 * setting (full and quick), and {@link org.spikeforge.cli.demo.DemoSummary} closes the run with one screen and
 * {@code summary.json}. New pipeline steps are one more {@link org.spikeforge.cli.demo.DemoStage} in
 * {@link org.spikeforge.cli.demo.DemoPipeline#standard()}.
 */
package org.spikeforge.cli.demo;
