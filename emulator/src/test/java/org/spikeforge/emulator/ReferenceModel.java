package org.spikeforge.emulator;

import java.util.ArrayList;
import java.util.List;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.ThetaTables;
import org.spikeforge.proto.XyloIaf;

/**
 * A deliberately naive second implementation of docs/TARGET-SEMANTICS.md for tests: dense matrices, full
 * spike history, 64-bit arithmetic with explicit 32-bit wraps, XyloSim's spike-by-spike saturating adds and
 * its threshold loop. It shares no code with the emulator, so agreement between the two checks both.
 */
final class ReferenceModel {
  /** spikes[layer][t][neuron] and state[layer][variable][t][neuron] after each step. */
  record Result(int[][][] spikes, long[][][][] state) {}

  private ReferenceModel() {}

  static Result run(HardwareConfig cfg, InputSpikes in, int steps) {
    int layers = cfg.getLayersCount();
    int[][] input = new int[steps][cfg.getNumInputs()];
    for (int c = 0; c < cfg.getNumInputs(); c++) {
      for (long s : in.getTrains(c).getStepsList()) {
        if (s < steps) {
          input[(int) s][c]++;
        }
      }
    }
    List<String> names = new ArrayList<>();
    int[][][] spikes = new int[layers][steps][];
    long[][][][] state = new long[layers][2][steps][];
    long[][][] vars = new long[layers][2][];
    for (int l = 0; l < layers; l++) {
      HwLayer layer = cfg.getLayers(l);
      names.add(layer.getName());
      int n = layer.getSize();
      vars[l][0] = new long[n];
      vars[l][1] = new long[n];
      for (int i = 0; i < n; i++) {
        switch (cfg.getTarget()) {
          case "loihi2" -> {
            vars[l][0][i] = layer.getLoihi2().getUInitCount() == 0 ? 0 : layer.getLoihi2().getUInit(i);
            vars[l][1][i] = layer.getLoihi2().getVInitCount() == 0 ? 0 : layer.getLoihi2().getVInit(i);
          }
          case "theta" -> vars[l][0][i] = layer.getTheta().getPhaseInitCount() == 0 ? 0
              : layer.getTheta().getPhaseInit(i);
          default -> { }
        }
      }
    }
    for (int t = 0; t < steps; t++) {
      for (int l = 0; l < layers; l++) {
        HwLayer layer = cfg.getLayers(l);
        int n = layer.getSize();
        int[] ff = new int[layer.getFanIn()];
        int ts = t - layer.getInputDelay();
        if (ts >= 0) {
          if (layer.getSource().equals("input")) {
            for (int c = 0; c < ff.length; c++) {
              int raw = input[ts][c];
              ff[c] = switch (cfg.getTarget()) {
                case "loihi2" -> raw > 0 ? 1 : 0;
                case "xylo" -> Math.min(raw, 15);
                default -> Math.min(raw, 255);
              };
            }
          } else {
            ff = spikes[names.indexOf(layer.getSource())][ts].clone();
          }
        }
        int[] rec = t >= 1 ? spikes[l][t - 1] : new int[n];
        int[] out = new int[n];
        switch (cfg.getTarget()) {
          case "loihi2" -> loihi2(layer, ff, rec, vars[l], out);
          case "xylo" -> xylo(layer, ff, rec, vars[l], out);
          default -> theta(cfg.getThetaTables(), layer, ff, rec, vars[l], out);
        }
        spikes[l][t] = out;
        state[l][0][t] = vars[l][0].clone();
        state[l][1][t] = vars[l][1].clone();
      }
    }
    return new Result(spikes, state);
  }

  private static int modeOf(int signMode, List<Integer> w) {
    if (signMode != 0) {
      return signMode;
    }
    boolean allNonNeg = w.stream().allMatch(x -> x >= 0);
    boolean allNonPos = w.stream().allMatch(x -> x <= 0);
    return allNonNeg ? 3 : allNonPos ? 4 : 2;
  }

  private static long lavaWeight(int w, int mode, int bits) {
    long unit = 1L << (8 - bits + (mode == 2 ? 1 : 0));
    if (mode == 4) {
      return -((-w) / unit * unit);
    }
    return Math.floorDiv(w, unit) * unit;
  }

  private static long denseMessage(List<Integer> w, int row, int cols, int[] s, int mode, int bits, int exp) {
    long acc = 0;
    for (int j = 0; j < cols; j++) {
      if (s[j] > 0) {
        acc += lavaWeight(w.get(row * cols + j), mode, bits);
      }
    }
    long shifted = exp > 0 ? acc * (1L << exp) : Math.floorDiv(acc, 1L << -exp);
    return (int) shifted;
  }

  private static long trunc0(long x) {
    return x < 0 ? -((-x) >> 12) : x >> 12;
  }

  private static void loihi2(HwLayer layer, int[] ff, int[] rec, long[][] vars, int[] out) {
    Loihi2Lif p = layer.getLoihi2();
    int bits = p.getNumWeightBits() == 0 ? 8 : p.getNumWeightBits();
    int modeFf = modeOf(p.getSignMode(), layer.getWeightsList());
    int modeRec = modeOf(p.getSignMode(), layer.getRecurrentWeightsList());
    long m = 1L << 23;
    for (int i = 0; i < layer.getSize(); i++) {
      long a = denseMessage(layer.getWeightsList(), i, layer.getFanIn(), ff, modeFf, bits, p.getWeightExp());
      if (layer.getRecurrentWeightsCount() > 0) {
        a += denseMessage(layer.getRecurrentWeightsList(), i, layer.getSize(), rec, modeRec, bits,
            p.getWeightExp());
      }
      int a32 = (int) a;
      int act = (int) (a32 * 64L);
      long u = (int) ((int) trunc0(vars[0][i] * (4096 - (p.getDu() + 1))) + (long) act);
      if (u > m) {
        u -= 2 * m;
      } else if (u <= -m) {
        u += 2 * m;
      }
      long mant = p.getBiasMantCount() == 0 ? 0 : p.getBiasMant(i);
      long bias = p.getBiasExp() >= 0 ? mant * (1L << p.getBiasExp()) : Math.floorDiv(mant, 1L << -p.getBiasExp());
      long v = (int) ((int) trunc0(vars[1][i] * (4096 - p.getDv())) + u + bias);
      v = Math.max(-m + 1, Math.min(m - 1, v));
      if (v > (long) p.getVth() * 64) {
        out[i] = 1;
        v = 0;
      }
      vars[0][i] = u;
      vars[1][i] = v;
    }
  }

  private static long sat16(long x) {
    return Math.max(-32768, Math.min(32767, x));
  }

  private static long xyloDecay(long v, int dash) {
    long dv = v >> dash;
    if (dv == 0) {
      if (v > 0) {
        dv = 1;
      } else if (v < 0) {
        dv = -1;
      }
    }
    return v - dv;
  }

  private static void xylo(HwLayer layer, int[] ff, int[] rec, long[][] vars, int[] out) {
    XyloIaf p = layer.getXylo();
    int n = layer.getSize();
    int max = p.getMaxSpikes() != 0 ? p.getMaxSpikes() : layer.getOutput() ? 1 : 31;
    for (int i = 0; i < n; i++) {
      long isyn = vars[0][i];
      for (int j = 0; j < layer.getFanIn(); j++) {
        for (int k = 0; k < ff[j]; k++) {
          isyn = sat16(isyn + ((long) layer.getWeights(i * layer.getFanIn() + j) << p.getWeightShift()));
        }
      }
      if (layer.getRecurrentWeightsCount() > 0) {
        for (int j = 0; j < n; j++) {
          for (int k = 0; k < rec[j]; k++) {
            isyn = sat16(isyn + ((long) layer.getRecurrentWeights(i * n + j) << p.getWeightShift()));
          }
        }
      }
      isyn = xyloDecay(isyn, p.getDashSyn());
      long bias = p.getBiasCount() == 0 ? 0 : p.getBias(i);
      long vmem = sat16(xyloDecay(vars[1][i], p.getDashMem()) + isyn + bias);
      int spikes = 0;
      while (vmem >= p.getThreshold(i) && spikes < max) {
        spikes++;
        vmem -= p.getThreshold(i);
      }
      out[i] = spikes;
      vars[0][i] = isyn;
      vars[1][i] = vmem;
    }
  }

  private static void theta(ThetaTables tb, HwLayer layer, int[] ff, int[] rec, long[][] vars, int[] out) {
    int n = layer.getSize();
    long period = 1L << tb.getPhaseBits();
    for (int i = 0; i < n; i++) {
      long x = 0;
      for (int j = 0; j < layer.getFanIn(); j++) {
        x += (long) ff[j] * layer.getWeights(i * layer.getFanIn() + j);
      }
      if (layer.getRecurrentWeightsCount() > 0) {
        for (int j = 0; j < n; j++) {
          x += (long) rec[j] * layer.getRecurrentWeights(i * n + j);
        }
      }
      long p = vars[0][i];
      if (x != 0) {
        long v = tb.getInvPhi((int) (p >> (tb.getPhaseBits() - tb.getInvIndexBits()))) + x;
        v = Math.min(tb.getVMax(), Math.max(tb.getVMin(), v));
        p = tb.getPhi((int) ((v - tb.getVMin()) >> tb.getPhiShift()));
      }
      p += tb.getPhaseStep();
      if (p >= period) {
        out[i] = 1;
        p = 0;
      }
      vars[0][i] = p;
    }
  }
}
