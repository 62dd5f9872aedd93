package org.spikeforge.hil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;

/** Step-to-time map (interval middles, verify's StepTimeMap) worked out by hand, and the prediction rule. */
class TraceDecoderTest {
  private static HardwareConfig config(String target, int delay1, int delay2) {
    return HardwareConfig.newBuilder().setTarget(target).setDt(0.25).setNumSteps(10).setNumInputs(2)
        .addLayers(HwLayer.newBuilder().setName("h1").setSize(2).setFanIn(2).setSource("input").setInputDelay(delay1))
        .addLayers(HwLayer.newBuilder().setName("output").setSize(3).setFanIn(2).setSource("h1").setInputDelay(delay2))
        .build();
  }

  private static Trace trace(long[][] hidden, long[][] out) {
    Trace.Builder t = Trace.newBuilder().setSource("test");
    PopulationTrace.Builder h = PopulationTrace.newBuilder().setName("h1");
    for (long[] s : hidden) {
      SpikeTrain.Builder b = SpikeTrain.newBuilder();
      for (long x : s) {
        b.addSteps(x);
      }
      h.addSpikes(b);
    }
    PopulationTrace.Builder o = PopulationTrace.newBuilder().setName("output");
    for (long[] s : out) {
      SpikeTrain.Builder b = SpikeTrain.newBuilder();
      for (long x : s) {
        b.addSteps(x);
      }
      o.addSpikes(b);
    }
    return t.addPopulations(h).addPopulations(o).build();
  }

  @Test
  void loihi2StepsAreTimesAndXyloIsOneStepLater() {
    TraceDecoder loihi = TraceDecoder.of(config("loihi2", 1, 1));
    assertEquals(0, loihi.offset(0));
    assertEquals(0, loihi.offset(1));
    assertEquals(0.875, loihi.time(1, 4), 0.0); // (4 - 1/2) * 0.25
    TraceDecoder xylo = TraceDecoder.of(config("xylo", 0, 1));
    assertEquals(1, xylo.offset(0));
    assertEquals(1, xylo.offset(1));
    assertEquals(1.125, xylo.time(1, 4), 0.0); // (4 + 1 - 1/2) * 0.25
  }

  @Test
  void measuredTimesAreDistinctAndSorted() {
    TraceDecoder d = TraceDecoder.of(config("loihi2", 1, 1));
    double[][][] m = d.measuredTimes(trace(new long[][] {{5, 2, 5}, {}}, new long[][] {{3}, {}, {8, 1}}));
    assertArrayEquals(new double[] {0.375, 1.125}, m[0][0], 0.0); // (2 - 1/2) / 4, (5 - 1/2) / 4
    assertArrayEquals(new double[0], m[0][1], 0.0);
    assertArrayEquals(new double[] {0.125, 1.875}, m[1][2], 0.0);
  }

  @Test
  void predictionIsEarliestFirstSpikeWithTiesAndAllSilentToLowestIndex() {
    TraceDecoder d = TraceDecoder.of(config("loihi2", 1, 1));
    assertEquals(2, d.predict(trace(new long[][] {{}, {}}, new long[][] {{3}, {}, {8, 1}})));
    assertEquals(0, d.predict(trace(new long[][] {{}, {}}, new long[][] {{4}, {4}, {6}})));
    assertEquals(1, d.predict(trace(new long[][] {{}, {}}, new long[][] {{}, {7}, {}})));
    // all silent: all tie after the trial, as the float model's fallback times do, so the lowest index
    assertEquals(0, d.predict(trace(new long[][] {{}, {}}, new long[][] {{}, {}, {}})));
  }

  @Test
  void refusesTracesOfAnotherShape() {
    TraceDecoder d = TraceDecoder.of(config("loihi2", 1, 1));
    Trace wrong = trace(new long[][] {{}, {}, {}}, new long[][] {{}, {}, {}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.measuredTimes(wrong));
    assertEquals("trace population 0 is 'h1' with 3 neurons, the config's layer is 'h1' with 2", e.getMessage());
  }
}
