package org.spikeforge.hw.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.LavaConnection;
import org.spikeforge.proto.LavaProcess;
import org.spikeforge.proto.LavaProcessGraph;
import org.spikeforge.proto.LavaVar;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;

/**
 * Conv and sum-pool layers in the Lava process graph, as Lava's {@code Conv}. The graph is read back here the way
 * Lava runs it, written from Lava's definitions and not from the exporter: Conv's true convolution on (x, y, f)
 * maps with the kernel (out, kw, kh, in / groups) (proc/conv/utils.py conv_scipy), numpy's row-major reshape and
 * transpose for the virtual-port chains, and LIF vars of shape (x, y, f). The fixture (NetxConvTest.convConfig:
 * a 3×2 kernel on a 1×5×7 input, stride 1×2, padding 1×0, a 1×3 pool), given a different bias for every neuron,
 * is asymmetric everywhere, so a transposed or flipped kernel, swapped (h, w) or a bias in the wrong layout fails.
 * The spike-level check in real Lava is bench/lava_conv_compat.sh.
 */
class LavaGraphConvTest {
  private static HardwareConfig fixture() {
    HardwareConfig cfg = NetxConvTest.convConfig();
    HwLayer.Builder c1 = cfg.getLayers(0).toBuilder();
    Loihi2Lif.Builder p = c1.getLoihi2Builder().clearBiasMant();
    for (int n = 0; n < c1.getSize(); n++) {
      p.addBiasMant((n * 37) % 23 * 8); // every neuron its own bias: a layout error moves it
    }
    return cfg.toBuilder().setLayers(0, c1).build();
  }

  private static LavaProcessGraph export(HardwareConfig cfg) {
    return new LavaGraphExporter("t").export(cfg, Map.of());
  }

  private static LavaProcess process(LavaProcessGraph g, String name) {
    return g.getProcessesList().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
  }

  private static LavaVar var(LavaProcess p, String name) {
    return p.getVarsList().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
  }

  private static int[] ints(LavaVar v) {
    return v.getValuesList().stream().mapToInt(Long::intValue).toArray();
  }

  private static int[] shape(LavaProcess p) {
    return p.getShapeList().stream().mapToInt(Long::intValue).toArray();
  }

  private static int size(int[] shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    return n;
  }

  /** A port's data as numpy holds it: a shape and, per element (row-major), the flat index it came from. */
  record Indexed(int[] shape, int[] from) {}

  private static final Pattern OP = Pattern.compile("\\.(reshape|transpose)\\(\\(([0-9, ]+)\\)\\)|\\.flatten\\(\\)");

  /** numpy semantics of a port expression ({@code s_out}, then Lava's reshape / transpose / flatten). */
  static Indexed apply(String expr, int[] portShape) {
    int[] from = new int[size(portShape)];
    for (int i = 0; i < from.length; i++) {
      from[i] = i;
    }
    Indexed x = new Indexed(portShape, from);
    int dot = expr.indexOf('.');
    if (dot < 0) {
      return x;
    }
    Matcher m = OP.matcher(expr.substring(dot));
    int pos = 0;
    while (pos < expr.length() - dot) {
      assertTrue(m.find(pos) && m.start() == pos, "cannot parse " + expr);
      if (m.group(1) == null) {
        x = new Indexed(new int[] {x.from().length}, x.from());
      } else {
        String[] parts = m.group(2).split(",");
        int[] a = new int[parts.length];
        for (int i = 0; i < a.length; i++) {
          a[i] = Integer.parseInt(parts[i].trim());
        }
        x = m.group(1).equals("reshape") ? new Indexed(a, x.from()) : transpose(x, a);
      }
      pos = m.end();
    }
    return x;
  }

  /** numpy.transpose: out[i_0, ..., i_k] = in[j] with j's axis axes[d] equal to i_d. */
  static Indexed transpose(Indexed x, int[] axes) {
    int[] s = x.shape();
    int[] ns = new int[axes.length];
    for (int d = 0; d < axes.length; d++) {
      ns[d] = s[axes[d]];
    }
    int[] strides = new int[s.length];
    strides[s.length - 1] = 1;
    for (int d = s.length - 2; d >= 0; d--) {
      strides[d] = strides[d + 1] * s[d + 1];
    }
    int[] out = new int[x.from().length];
    int[] idx = new int[ns.length];
    for (int flat = 0; flat < out.length; flat++) {
      int rem = flat;
      for (int d = ns.length - 1; d >= 0; d--) {
        idx[d] = rem % ns[d];
        rem /= ns[d];
      }
      int src = 0;
      for (int d = 0; d < ns.length; d++) {
        src += idx[d] * strides[axes[d]];
      }
      out[flat] = x.from()[src];
    }
    return new Indexed(ns, out);
  }

  /**
   * Lava's Conv as a matrix over its own flat (x, y, f) indices: conv_scipy pads the input map by (pad_x, pad_y),
   * takes scipy.signal.convolve2d(in[:, :, c], W[k, :, :, c - group offset], 'valid') at [::stride_x, ::stride_y]
   * and sums over the group's input channels; convolve2d 'valid' is out[i, j] = sum in[i + m, j + n] W[M-1-m, N-1-n].
   */
  static long[][] lavaConvMatrix(LavaProcess conv) {
    int[] w = ints(var(conv, "weight"));
    int[] ws = var(conv, "weight").getShapeList().stream().mapToInt(Long::intValue).toArray();
    int[] in = ints(var(conv, "input_shape"));
    int[] pad = ints(var(conv, "padding"));
    int[] stride = ints(var(conv, "stride"));
    int groups = ints(var(conv, "groups"))[0];
    int[] dil = ints(var(conv, "dilation"));
    assertEquals(1, dil[0]);
    assertEquals(1, dil[1]);
    int k = ws[0];
    int kx = ws[1];
    int ky = ws[2];
    int cg = ws[3];
    int xo = (in[0] + 2 * pad[0] - kx) / stride[0] + 1;
    int yo = (in[1] + 2 * pad[1] - ky) / stride[1] + 1;
    assertEquals(List.of((long) xo, (long) yo, (long) k), conv.getShapeList(), "Conv output shape (x, y, f)");
    int kg = k / groups;
    long[][] m = new long[xo * yo * k][in[0] * in[1] * in[2]];
    for (int g = 0; g < groups; g++) {
      for (int kk = g * kg; kk < (g + 1) * kg; kk++) {
        for (int c = g * cg; c < (g + 1) * cg; c++) {
          for (int x = 0; x < xo; x++) {
            for (int y = 0; y < yo; y++) {
              for (int a = 0; a < kx; a++) {
                for (int b = 0; b < ky; b++) {
                  int sx = x * stride[0] + a - pad[0];
                  int sy = y * stride[1] + b - pad[1];
                  if (sx < 0 || sx >= in[0] || sy < 0 || sy >= in[1]) {
                    continue;
                  }
                  long wt = w[((kk * kx + (kx - 1 - a)) * ky + (ky - 1 - b)) * cg + (c - g * cg)];
                  m[(x * yo + y) * k + kk][(sx * in[1] + sy) * in[2] + c] += wt;
                }
              }
            }
          }
        }
      }
    }
    return m;
  }

  /**
   * The config Lava runs from the graph: every layer as a dense matrix over our neuron order, where our neuron n of
   * a layer is the element n of its LIF's s_out read through the graph's sink chain (transpose((2, 1, 0)).flatten()
   * for (x, y, f) LIFs); biases read from the LIF's var at the same element. Conv weights are taken at weight_exp 0
   * (what Lava's fixed-point Conv applies), so their layer gets the config's bit count and sign mode only when the
   * entries are unchanged by it (the fixture's are).
   */
  static HardwareConfig asLavaRunsIt(HardwareConfig cfg, LavaProcessGraph g) {
    Map<String, int[]> ourToLava = new HashMap<>(); // layer -> for our neuron n, its LIF's flat Lava index
    HardwareConfig.Builder b = cfg.toBuilder().clearLayers();
    for (HwLayer orig : cfg.getLayersList()) {
      String n = orig.getName();
      LavaProcess lif = process(g, n + ".lif");
      int[] ls = shape(lif);
      int[] order = apply(ls.length == 3 ? LavaGraphExporter.FLATTEN : "s_out", ls).from();
      ourToLava.put(n, order);
      LavaConnection into = g.getConnectionsList().stream()
          .filter(c -> c.getDstProcess().equals(n + ".lif") && c.getDstPort().equals("a_in")).findFirst().orElseThrow();
      LavaProcess syn = process(g, into.getSrcProcess());
      LavaConnection feed = g.getConnectionsList().stream()
          .filter(c -> c.getDstProcess().equals(syn.getName()) && c.getDstPort().equals("s_in")).findFirst().orElseThrow();
      LavaProcess src = process(g, feed.getSrcProcess());
      int[] srcShape = LavaNames.SOURCE.equals(src.getClassPath()) ? new int[] {(int) src.getShape(0)} : shape(src);
      Indexed fed = apply(feed.getSrcPort(), srcShape); // element j of s_in is flat element fed.from[j] of s_out
      int[] srcOrder = LavaNames.SOURCE.equals(src.getClassPath()) ? null : ourToLava.get(orig.getSource());
      int[] lavaToOurSrc = new int[fed.from().length];
      for (int j = 0; j < lavaToOurSrc.length; j++) {
        lavaToOurSrc[j] = fed.from()[j];
      }
      if (srcOrder != null) {
        int[] inv = new int[srcOrder.length];
        for (int q = 0; q < srcOrder.length; q++) {
          inv[srcOrder[q]] = q;
        }
        for (int j = 0; j < lavaToOurSrc.length; j++) {
          lavaToOurSrc[j] = inv[fed.from()[j]];
        }
      }
      long[][] m;
      int weightExp;
      if (LavaNames.CONV.equals(syn.getClassPath())) {
        assertEquals(0, ints(var(syn, "weight_exp"))[0]);
        assertEquals(List.of((long) fed.shape().length), List.of(3L), "a Conv reads a 3-d (x, y, f) port");
        m = lavaConvMatrix(syn);
        weightExp = 0;
      } else {
        int[] w = ints(var(syn, "weights"));
        int cols = (int) syn.getShape(1);
        m = new long[(int) syn.getShape(0)][cols];
        for (int r = 0; r < m.length; r++) {
          for (int c = 0; c < cols; c++) {
            m[r][c] = w[r * cols + c];
          }
        }
        weightExp = ints(var(syn, "weight_exp"))[0];
      }
      HwLayer.Builder h = HwLayer.newBuilder().setName(n).setSource(orig.getSource()).setSize(orig.getSize())
          .setFanIn(orig.getFanIn()).setOutput(orig.getOutput()).setInputDelay(1);
      int[] dense = new int[orig.getSize() * orig.getFanIn()];
      for (int r = 0; r < orig.getSize(); r++) {
        for (int j = 0; j < m[0].length; j++) {
          dense[r * orig.getFanIn() + lavaToOurSrc[j]] = Math.toIntExact(m[order[r]][j]);
        }
      }
      for (int x : dense) {
        h.addWeights(x);
      }
      Loihi2Lif.Builder p = orig.getLoihi2().toBuilder().clearBiasMant().setWeightExp(weightExp);
      LavaVar bias = var(lif, "bias_mant");
      int[] bv = ints(bias);
      for (int r = 0; r < orig.getSize(); r++) {
        p.addBiasMant(bias.getShapeCount() == 0 ? bv[0] : bv[order[r]]);
      }
      b.addLayers(h.setLoihi2(p));
    }
    return b.build();
  }

  private static int spikes(Trace t) {
    return t.getPopulationsList().stream()
        .mapToInt(p -> p.getSpikesList().stream().mapToInt(SpikeTrain::getStepsCount).sum()).sum();
  }

  @Test
  void graphUsesLavasConvNamesAndLayouts() {
    HardwareConfig cfg = fixture();
    LavaProcessGraph g = export(cfg);
    LavaProcess conv = process(g, "c1.conv");
    assertEquals("lava.proc.conv.process.Conv", conv.getClassPath());
    assertEquals(List.of("weight", "weight_exp", "input_shape", "padding", "stride", "dilation", "groups"),
        conv.getVarsList().stream().map(LavaVar::getName).toList());
    // (out, kw, kh, in); input (x, y, f) = (7, 5, 1); padding and stride as (x, y)
    assertEquals(List.of(2L, 2L, 3L, 1L), var(conv, "weight").getShapeList());
    assertEquals(List.of(7L, 5L, 1L), var(conv, "input_shape").getValuesList());
    assertEquals(List.of(0L, 1L), var(conv, "padding").getValuesList());
    assertEquals(List.of(2L, 1L), var(conv, "stride").getValuesList());
    assertEquals(List.of(3L, 5L, 2L), process(g, "c1.lif").getShapeList());
    // W[o][a][b][i] = k[o][i][kh-1-b][kw-1-a]: Lava convolves, we cross-correlate
    int[] k = cfg.getLayers(0).getConv2D().getKernelList().stream().mapToInt(Integer::intValue).toArray();
    int[] w = ints(var(conv, "weight"));
    assertEquals(k[(1 * 3 + 2) * 2 + 1], w[((1 * 2 + 0) * 3 + 0)]);
    assertEquals(k[0], w[(0 * 2 + 1) * 3 + 2]);
    LavaProcess pool = process(g, "p1.conv");
    assertEquals(List.of(2L, 3L, 1L, 1L), var(pool, "weight").getShapeList());
    assertEquals(List.of(2L), var(pool, "groups").getValuesList());
    assertTrue(ints(var(pool, "weight")).length == 6 && java.util.Arrays.stream(ints(var(pool, "weight"))).allMatch(x -> x == 90));
    assertEquals(List.of(
        conn("input", "s_out.reshape((1, 5, 7)).transpose((2, 1, 0))", "c1.conv", "s_in"),
        conn("c1.conv", "a_out", "c1.lif", "a_in"),
        conn("c1.lif", "s_out", "p1.conv", "s_in"),
        conn("p1.conv", "a_out", "p1.lif", "a_in"),
        conn("p1.lif", "s_out.transpose((2, 1, 0)).flatten()", "output.dense", "s_in"),
        conn("output.dense", "a_out", "output.lif", "a_in"),
        conn("output.lif", "s_out", "output.sink", "a_in")), g.getConnectionsList());
  }

  private static LavaConnection conn(String a, String ap, String b, String bp) {
    return LavaConnection.newBuilder().setSrcProcess(a).setSrcPort(ap).setDstProcess(b).setDstPort(bp).build();
  }

  @Test
  void graphAsLavaRunsItSpikesLikeTheConfigAndAFlippedOrTransposedReadingDoesNot() {
    HardwareConfig cfg = fixture();
    LavaProcessGraph g = export(cfg);
    HardwareConfig lava = asLavaRunsIt(cfg, g);
    // the same graph with the Conv kernel flipped in x and y (a missing or doubled flip) ...
    LavaProcessGraph.Builder flipped = g.toBuilder();
    // ... and one whose LIF bias is read in our (c, y, x) order instead of Lava's (x, y, f)
    LavaProcessGraph.Builder biasWrong = g.toBuilder();
    for (int i = 0; i < g.getProcessesCount(); i++) {
      LavaProcess p = g.getProcesses(i);
      if (p.getName().equals("c1.conv")) {
        LavaVar w = var(p, "weight");
        int[] s = w.getShapeList().stream().mapToInt(Long::intValue).toArray();
        LavaVar.Builder f = w.toBuilder().clearValues();
        for (int o = 0; o < s[0]; o++) {
          for (int a = 0; a < s[1]; a++) {
            for (int b = 0; b < s[2]; b++) {
              for (int c = 0; c < s[3]; c++) {
                f.addValues(w.getValues(((o * s[1] + (s[1] - 1 - a)) * s[2] + (s[2] - 1 - b)) * s[3] + c));
              }
            }
          }
        }
        flipped.setProcesses(i, p.toBuilder().setVars(0, f));
      }
      if (p.getName().equals("c1.lif")) {
        LavaProcess.Builder q = p.toBuilder();
        for (int v = 0; v < p.getVarsCount(); v++) {
          if (p.getVars(v).getName().equals("bias_mant")) {
            LavaVar.Builder bv = p.getVars(v).toBuilder().clearValues();
            cfg.getLayers(0).getLoihi2().getBiasMantList().forEach(x -> bv.addValues(x));
            q.setVars(v, bv);
          }
        }
        biasWrong.setProcesses(i, q);
      }
    }
    HardwareConfig lavaFlipped = asLavaRunsIt(cfg, flipped.build());
    HardwareConfig lavaBiasWrong = asLavaRunsIt(cfg, biasWrong.build());
    SplittableRandom rng = new SplittableRandom(21);
    int total = 0;
    int flipDiffers = 0;
    int biasDiffers = 0;
    for (int s = 0; s < 10; s++) {
      InputSpikes in = NetxRebuildEmulatorTest.randomInput(rng, 35, 30, 0.3);
      Trace ours = Emulator.run(cfg, in, 30, RecordSpec.none());
      assertEquals(ours.getPopulationsList(), Emulator.run(lava, in, 30, RecordSpec.none()).getPopulationsList(),
          "sample " + s);
      flipDiffers += ours.getPopulationsList().equals(
          Emulator.run(lavaFlipped, in, 30, RecordSpec.none()).getPopulationsList()) ? 0 : 1;
      biasDiffers += ours.getPopulationsList().equals(
          Emulator.run(lavaBiasWrong, in, 30, RecordSpec.none()).getPopulationsList()) ? 0 : 1;
      total += spikes(ours);
    }
    assertTrue(total > 100, "only " + total + " spikes: the comparison would be vacuous");
    assertEquals(10, flipDiffers, "a flipped kernel must change every sample");
    assertEquals(10, biasDiffers, "a bias in the wrong layout must change every sample");
  }

  @Test
  void positiveWeightExpIsFoldedIntoTheWeightsAndInexactNegativeOnesAreRefused() {
    HardwareConfig cfg = fixture();
    HardwareConfig e2 = cfg.toBuilder().setLayers(1, cfg.getLayers(1).toBuilder()
        .setLoihi2(cfg.getLayers(1).getLoihi2().toBuilder().setWeightExp(2))).build();
    LavaProcess pool = process(export(e2), "p1.conv");
    assertTrue(java.util.Arrays.stream(ints(var(pool, "weight"))).allMatch(x -> x == 360));
    assertEquals(0, ints(var(pool, "weight_exp"))[0]);
    HardwareConfig neg = cfg.toBuilder().setLayers(0, cfg.getLayers(0).toBuilder()
        .setLoihi2(cfg.getLayers(0).getLoihi2().toBuilder().setWeightExp(-2))).build();
    BadExchangeFileException e = assertThrows(BadExchangeFileException.class, () -> export(neg));
    assertTrue(e.getMessage().contains("layers[0].conv2d.kernel") && e.getMessage().contains("2^2"), e.getMessage());
    // the 8-bit effective weights: mixed sign at 7 bits drops the lowest two bits of each entry (weights are even)
    HardwareConfig bits7 = cfg.toBuilder().setLayers(0, cfg.getLayers(0).toBuilder()
        .setLoihi2(cfg.getLayers(0).getLoihi2().toBuilder().setNumWeightBits(7))).build();
    int[] w7 = ints(var(process(export(bits7), "c1.conv"), "weight"));
    assertTrue(java.util.Arrays.stream(w7).allMatch(x -> x % 4 == 0));
  }

  @Test
  void whatLavasConvCannotCarryIsRefusedByField() {
    HardwareConfig cfg = fixture();
    HardwareConfig delayed = cfg.toBuilder().setLayers(1, cfg.getLayers(1).toBuilder().setInputDelay(2)).build();
    BadExchangeFileException e = assertThrows(BadExchangeFileException.class, () -> export(delayed));
    assertTrue(e.getMessage().contains("layers[1].input_delay"), e.getMessage());
    HardwareConfig rec = cfg.toBuilder().setLayers(1, cfg.getLayers(1).toBuilder()
        .addAllRecurrentWeights(java.util.Collections.nCopies(100, 2))).build();
    e = assertThrows(BadExchangeFileException.class, () -> export(rec));
    assertTrue(e.getMessage().contains("layers[1].recurrent_weights"), e.getMessage());
  }

  @Test
  void importRebuildsTheConvConfigExactlyAndRefusesAnEditedKernel() {
    HardwareConfig cfg = fixture();
    HardwareConfig e2 = cfg.toBuilder().setLayers(1, cfg.getLayers(1).toBuilder()
        .setLoihi2(cfg.getLayers(1).getLoihi2().toBuilder().setWeightExp(2))).build();
    for (HardwareConfig c : List.of(cfg, e2)) {
      LavaProcessGraph g = export(c);
      HardwareConfig back = new LavaGraphImporter("g").toConfig(g);
      assertEquals(c, back);
      assertEquals(g, export(back));
    }
    // a graph whose Conv kernel was edited (here: flipped) out of step with its embedded config is refused
    LavaProcessGraph g = export(cfg);
    LavaProcessGraph.Builder edited = g.toBuilder();
    LavaVar w = var(g.getProcesses(1), "weight");
    LavaVar.Builder f = w.toBuilder().clearValues();
    for (int i = w.getValuesCount() - 1; i >= 0; i--) {
      f.addValues(w.getValues(i));
    }
    edited.setProcesses(1, g.getProcesses(1).toBuilder().setVars(0, f));
    BadExchangeFileException e = assertThrows(BadExchangeFileException.class,
        () -> new LavaGraphImporter("g").toConfig(edited.build()));
    assertTrue(e.getMessage().contains("layer c1") && e.getMessage().contains("conv2d"), e.getMessage());
    // and one whose input chain lost its transpose
    LavaProcessGraph.Builder chain = g.toBuilder().setConnections(0,
        g.getConnections(0).toBuilder().setSrcPort("s_out.reshape((7, 5, 1))"));
    e = assertThrows(BadExchangeFileException.class, () -> new LavaGraphImporter("g").toConfig(chain.build()));
    assertTrue(e.getMessage().contains("processes[1]") && e.getMessage().contains("expected s_out.reshape((1, 5, 7))"),
        e.getMessage());
  }

  /**
   * Damaged conv graphs: every shape entry and every scalar or tuple var of the Conv and map-LIF processes set, one
   * at a time, to seeded random values (zero, negative, huge included); the importer either rebuilds a config or
   * refuses with a BadExchangeFileException, never another exception.
   */
  @Test
  void damagedConvGraphsAreRefusedByFieldNeverCrash() {
    LavaProcessGraph g = export(fixture());
    SplittableRandom rng = new SplittableRandom(99);
    long[] nasty = {0, -1, 1, 2, 3, 7, 1 << 20, (1 << 20) + 1, Integer.MAX_VALUE, Long.MAX_VALUE / 3, -(1L << 40)};
    int refused = 0;
    for (int trial = 0; trial < 400; trial++) {
      LavaProcessGraph.Builder b = g.toBuilder();
      int pi = 1 + rng.nextInt(g.getProcessesCount() - 1);
      LavaProcess.Builder p = b.getProcessesBuilder(pi);
      long value = rng.nextBoolean() ? nasty[rng.nextInt(nasty.length)] : rng.nextLong(-50, 50);
      if (rng.nextInt(3) == 0 && p.getShapeCount() > 0) {
        p.setShape(rng.nextInt(p.getShapeCount()), value);
      } else if (p.getVarsCount() > 0) {
        LavaVar.Builder v = p.getVarsBuilder(rng.nextInt(p.getVarsCount()));
        if (rng.nextInt(4) == 0 && v.getShapeCount() > 0) {
          v.setShape(rng.nextInt(v.getShapeCount()), value);
        } else {
          v.setValues(rng.nextInt(v.getValuesCount()), value);
        }
      }
      try {
        new LavaGraphImporter("g").toConfig(b.build());
      } catch (BadExchangeFileException e) {
        refused++;
      }
    }
    assertTrue(refused > 300, "only " + refused + " of 400 damaged graphs refused");
  }

  /** Guards the helper itself: numpy's transpose of a (2, 3) array, and the reshape-transpose chain the graph writes. */
  @Test
  void portChainHelperFollowsNumpy() {
    assertEquals(List.of(0, 3, 1, 4, 2, 5), toList(apply("s_out.transpose((1, 0))", new int[] {2, 3}).from()));
    Indexed x = apply("s_out.reshape((2, 1, 3)).transpose((2, 1, 0))", new int[] {6});
    assertEquals(List.of(3, 1, 2), toList(x.shape()));
    // element [x, y, c] = flat (c * 1 + y) * 3 + x
    assertEquals(List.of(0, 3, 1, 4, 2, 5), toList(x.from()));
  }

  private static List<Integer> toList(int[] a) {
    List<Integer> l = new ArrayList<>();
    for (int v : a) {
      l.add(v);
    }
    return l;
  }
}
