package org.spikeforge.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.spikeforge.emulator.StepOutput;
import org.spikeforge.io.SpikeStreamWriter;

/**
 * A {@link StepOutput} that writes a streamed run straight into a binary trace stream ({@code .trace.bin}): the
 * recorded layers' spikes as the stream's groups, in layer order, and the probes; every layer's spikes are
 * counted. Constant memory and no allocation per step, however long the run.
 */
final class StreamTraceOutput implements StepOutput {
  private final SpikeStreamWriter writer;
  private final boolean[] recorded;
  private final long[] spikeCounts;

  StreamTraceOutput(SpikeStreamWriter writer, boolean[] recorded) {
    this.writer = writer;
    this.recorded = recorded.clone();
    this.spikeCounts = new long[recorded.length];
  }

  @Override
  public void spikes(int step, int layer, int[] neurons, int[] counts, int n) {
    long c = 0;
    for (int e = 0; e < n; e++) {
      c += counts[e];
    }
    spikeCounts[layer] += c;
    if (recorded[layer]) {
      try {
        writer.group(neurons, counts, n);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void endStep(int step, long[] probeValues) {
    try {
      writer.endStep(probeValues);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Spikes of every layer (recorded or not), with multiplicity. */
  long[] spikeCounts() {
    return spikeCounts;
  }
}
