package org.spikeforge.hil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.hw.device.BoardLibrary;
import org.spikeforge.hw.device.JnaDevice;
import org.spikeforge.hw.device.Mismatch;
import org.spikeforge.hw.device.WeightMatrix;
import org.spikeforge.io.DenseExpansion;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.proto.Trace;
import org.spikeforge.train.TrainingRun;
import org.spikeforge.ttfs.Connectivity;
import org.spikeforge.ttfs.TtfsNetwork;
import org.spikeforge.ttfs.TtfsWorkspace;

/**
 * Hardware-in-the-loop fine-tuning of a LIF conv net (conv 3x3x4 pad 1, pool 2, dense 10 on 8x10 bar images) on the
 * mismatched loihi2 reference board, which keeps the shared kernel: the gradient at the board's measured spike times
 * equals that of the same net expanded to dense matrices (an independent engine path), summed over the positions of
 * each kernel entry; at the float model's own times it is the central-difference gradient; it changes with what the
 * board measured; and the loop improves the board and leaves it holding the quantized shadow kernel at every tap.
 */
class ConvHilTest {
  private static final Mismatch MISMATCH = new Mismatch(11, 0.05, 0.3, 0);
  private static final String ARCH = "conv3x3x4p1,pool2,dense10";
  private static Network proto;
  private static SpikeDataset[] data;

  @BeforeAll
  static void trainNetwork(@TempDir Path dir) {
    Path idx = BarImages.write(dir.resolve("bars"), 400, 200);
    proto = TrainingRun.readNetwork(BarImages.train(idx, ARCH, 6, dir.resolve("train")));
    data = HilRun.data(proto, "idx:" + idx);
  }

  private static JnaDevice board(HardwareConfig cfg, Mismatch m) {
    JnaDevice d = BoardLibrary.load(BoardLibrary.REFBOARD).open("refboard-" + cfg.getTarget());
    d.load(cfg);
    d.setMismatch(m);
    return d;
  }

  /**
   * For every dense position (i, j) of conv layer {@code projection} of {@code net}, the kernel entry it holds (-1:
   * no synapse), found without the HIL code: expand a copy whose kernel entry e is e + 1.
   */
  private static int[] entryAt(Network net, int projection) {
    Network.Builder b = net.toBuilder();
    Projection.Builder p = b.getProjectionsBuilder(projection);
    for (int e = 0; e < p.getWeightsCount(); e++) {
      p.setWeights(e, e + 1);
    }
    Projection d = DenseExpansion.expand(b.build(), Path.of("probe.net.pb")).getProjections(projection);
    int[] at = new int[d.getWeightsCount()];
    for (int k = 0; k < at.length; k++) {
      at[k] = (int) d.getWeights(k) - 1;
    }
    return at;
  }

  @Test
  void gradientAtTheBoardsSpikesEqualsTheDenseExpansionsAndDependsOnThem() {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    assertTrue(cfg.getLayers(0).hasConv2D() && cfg.getLayers(1).hasSumPool2D());
    TtfsNetwork conv = TtfsNetwork.fromProto(proto);
    try (JnaDevice d = board(cfg, MISMATCH); JnaDevice ideal = board(cfg, new Mismatch(0, 0, 0, 0))) {
      WeightSync w = new WeightSync(d, cfg, conv);
      assertEquals(0, w.sync(), "the shadow re-encodes to the lowered integers");
      TtfsNetwork eff = w.effective();
      Network effProto = eff.toProto("eff").toBuilder().setInputShape(proto.getInputShape()).build();
      TtfsNetwork dense = TtfsNetwork.fromProto(DenseExpansion.expand(effProto, Path.of("eff.net.pb")));
      assertEquals(eff.numLayers(), dense.numLayers());
      int[] entry = entryAt(effProto, 0);
      TraceDecoder decoder = TraceDecoder.of(cfg);
      BoardTrials trials = new BoardTrials(d, decoder, cfg.getDt(), 0);
      BoardTrials idealTrials = new BoardTrials(ideal, decoder, cfg.getDt(), 0);
      HilSettings s = HilSettings.defaults();
      LabelDeadlineLoss loss = LabelDeadlineLoss.of(s, conv.trialEnd());
      ReplayGradient rc = new ReplayGradient(conv, eff, decoder, loss, s);
      ReplayGradient rd = new ReplayGradient(dense, dense, decoder, loss, s);
      ReplayGradient ri = new ReplayGradient(conv, eff, decoder, loss, s);
      double[] in = new double[data[0].numInputs()];
      double[] gc = new double[conv.numParameters()];
      double[] gd = new double[dense.numParameters()];
      double[] gi = new double[conv.numParameters()];
      int differentTrials = 0;
      for (int k = 0; k < 20; k++) {
        data[0].inputTimes(k, in);
        Trace tr = trials.run(trials.toSpikes(in));
        Trace it = idealTrials.run(idealTrials.toSpikes(in));
        differentTrials += tr.getPopulationsList().equals(it.getPopulationsList()) ? 0 : 1;
        double lc = rc.accumulate(in, tr, data[0].label(k), gc);
        double ld = rd.accumulate(in, tr, data[0].label(k), gd);
        assertEquals(ld, lc, 0, "the loss reads the measured output times only");
        ri.accumulate(in, it, data[0].label(k), gi);
      }
      assertTrue(differentTrials >= 5, "the mismatch changed only " + differentTrials + " of 20 trials");
      // the same output spikes (so the same loss and dL/dt) over different measured conv-layer spikes: a replay that
      // ignored the hidden measurements would give the same gradient
      double[] ga = new double[conv.numParameters()];
      double[] gb = new double[conv.numParameters()];
      int swapped = 0;
      for (int k = 0; k < 20; k++) {
        data[0].inputTimes(k, in);
        Trace tr = trials.run(trials.toSpikes(in));
        Trace it = idealTrials.run(idealTrials.toSpikes(in));
        if (tr.getPopulations(0).equals(it.getPopulations(0))) {
          continue;
        }
        swapped++;
        Trace mixed = tr.toBuilder().setPopulations(0, it.getPopulations(0)).build();
        assertEquals(rc.accumulate(in, tr, data[0].label(k), ga), rc.accumulate(in, mixed, data[0].label(k), gb), 0);
      }
      assertTrue(swapped > 0);
      double moved = 0;
      for (int e = 0; e < conv.weightCount(1); e++) {
        moved = Math.max(moved, Math.abs(ga[conv.weightOffset(1) + e] - gb[conv.weightOffset(1) + e]));
      }
      assertTrue(moved > 0, "the kernel gradient ignored the measured conv-layer spikes");
      // conv layer: the dense gradient summed over each kernel entry's positions
      double[] want = new double[conv.weightCount(1)];
      int cols = dense.layerSize(0);
      for (int q = 0; q < entry.length; q++) {
        if (entry[q] >= 0) {
          want[entry[q]] += gd[dense.weightIndex(1, q / cols, q % cols)];
        }
      }
      double scale = 0;
      for (double v : want) {
        scale = Math.max(scale, Math.abs(v));
      }
      assertTrue(scale > 0, "no kernel gradient");
      double diffIdeal = 0;
      for (int e = 0; e < want.length; e++) {
        assertEquals(want[e], gc[conv.weightOffset(1) + e], 1e-9 * scale, "kernel entry " + e);
        diffIdeal = Math.max(diffIdeal, Math.abs(gi[conv.weightOffset(1) + e] - gc[conv.weightOffset(1) + e]));
      }
      assertTrue(diffIdeal > 0.01 * scale, "the gradient did not change with the board's spikes: " + diffIdeal);
      // the dense read-out and every layer's initial states: the same parameter, the same gradient
      int l = conv.numLayers();
      for (int i = 0; i < conv.layerSize(l); i++) {
        for (int j = 0; j < conv.layerSize(l - 1); j++) {
          assertEquals(gd[dense.weightIndex(l, i, j)], gc[conv.weightIndex(l, i, j)], 1e-9 * scale);
        }
      }
      for (int m = 1; m <= l; m++) {
        for (int q = 0; q < conv.initialStateCount(m); q++) {
          assertEquals(gd[dense.initialStateOffset(m) + q], gc[conv.initialStateOffset(m) + q], 1e-9 * scale);
        }
      }
    }
  }

  /**
   * At the float model's own spike times the replay is the forward pass, so its gradient of a linear loss in the
   * output times must match central differences of that loss over every kernel entry and read-out weight.
   */
  @Test
  void replayAtTheModelsOwnTimesMatchesCentralDifferences() {
    TtfsNetwork net = TtfsNetwork.fromProto(proto);
    double[] p = net.parameters();
    TtfsWorkspace ws = net.newWorkspace();
    double[] in = new double[data[0].numInputs()];
    SplittableRandom rng = new SplittableRandom(4);
    double[] c = new double[net.layerSize(net.numLayers())];
    for (int k = 0; k < c.length; k++) {
      c[k] = rng.nextDouble(-1, 1);
    }
    int checked = 0;
    for (int sample = 0; sample < 6; sample++) {
      data[0].inputTimes(sample, in);
      net.forward(in, ws);
      double[][][] measured = new double[net.numLayers()][][];
      for (int l = 1; l <= net.numLayers(); l++) {
        List<List<Double>> times = new ArrayList<>();
        for (int i = 0; i < net.layerSize(l); i++) {
          times.add(new ArrayList<>());
        }
        for (int s = 0; s < ws.spikeCount(l); s++) {
          times.get(ws.spikeNeuron(l, s)).add(ws.spikeTime(l, s));
        }
        measured[l - 1] = new double[net.layerSize(l)][];
        for (int i = 0; i < net.layerSize(l); i++) {
          measured[l - 1][i] = times.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
        }
      }
      net.replay(in, measured, 1e-9, ws);
      double[] g = new double[p.length];
      net.backward(c, ws, g);
      int[] params = new int[net.weightCount(1) + net.weightCount(3)];
      for (int e = 0; e < net.weightCount(1); e++) {
        params[e] = net.weightOffset(1) + e;
      }
      for (int e = 0; e < net.weightCount(3); e++) {
        params[net.weightCount(1) + e] = net.weightOffset(3) + e;
      }
      for (int f : params) {
        double h = 1e-6;
        double keep = p[f];
        p[f] = keep + h;
        double up = linear(net, in, c, ws);
        p[f] = keep - h;
        double down = linear(net, in, c, ws);
        p[f] = keep;
        double fd = (up - down) / (2 * h);
        assertEquals(fd, g[f], 1e-5 * Math.max(1, Math.abs(fd)), "sample " + sample + " parameter " + f);
        checked += g[f] != 0 ? 1 : 0;
      }
    }
    assertTrue(checked > 50, "only " + checked + " non-zero gradients checked");
  }

  private static double linear(TtfsNetwork net, double[] in, double[] c, TtfsWorkspace ws) {
    net.forward(in, ws);
    double[] t = net.outputTimes(ws);
    double v = 0;
    for (int k = 0; k < c.length; k++) {
      v += c[k] * t[k];
    }
    return v;
  }

  @Test
  void theLoopImprovesTheBoardAndEveryTapHoldsTheQuantizedShadowKernel(@TempDir Path dir) {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    HilSettings s = HilSettings.tuned().toBuilder().epochs(3).trainLimit(300).testLimit(200).restoreBest(false)
        .build();
    try (JnaDevice d = board(cfg, MISMATCH)) {
      HilTrainer t = new HilTrainer(d, cfg, TtfsNetwork.fromProto(proto), data[0], data[1], s);
      HilState st = t.run(dir, false, e -> { });
      assertEquals(BoardCalibration.SHARED_KERNELS, t.gainCalibrationSkipped());
      assertEquals(BoardCalibration.SHARED_KERNELS, t.excitabilityCalibrationSkipped());
      double before = st.history().get(0).deviceAccuracy();
      double after = st.history().get(3).deviceAccuracy();
      assertTrue(after > before, "device accuracy " + before + " -> " + after);
      assertTrue(st.history().get(1).weightsWritten() > 0);
      TtfsNetwork shadow = t.shadow();
      assertTrue(shadow.connectivity(1).kind() == Connectivity.Kind.CONV2D);
      List<LayerWeightCodec> codecs = WeightCodecs.of(cfg, shadow.neuron().tau(), shadow.neuron().threshold());
      int[] kernel = t.deviceWeights(0);
      assertEquals(shadow.weightCount(1), kernel.length);
      for (int e = 0; e < kernel.length; e++) {
        assertEquals(codecs.get(0).encode(shadow.parameters()[shadow.weightOffset(1) + e], 0), kernel[e]);
      }
      int[] entry = entryAt(proto, 0);
      int[] onBoard = d.readWeights(cfg.getLayers(0).getName(), WeightMatrix.FEEDFORWARD, 0, entry.length);
      int[] expected = new int[entry.length];
      for (int q = 0; q < entry.length; q++) {
        expected[q] = entry[q] >= 0 ? kernel[entry[q]] : 0;
      }
      assertArrayEquals(expected, onBoard, "the board's expanded conv synapses");
      HardwareConfig programmed = t.programmed();
      assertEquals(java.util.Arrays.stream(kernel).boxed().toList(), programmed.getLayers(0).getConv2D()
          .getKernelList());
      assertEquals(cfg.getLayers(1), programmed.getLayers(1), "the pool layer is not trained");
    }
  }
}
