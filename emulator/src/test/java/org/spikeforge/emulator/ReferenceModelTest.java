package org.spikeforge.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.ThetaPhase;
import org.spikeforge.proto.ThetaTables;
import org.spikeforge.proto.Trace;
import org.spikeforge.proto.XyloIaf;

/**
 * The emulator against {@link ReferenceModel} on seeded random multi-layer configs (random sources, delays,
 * recurrence, extreme parameters that reach u wrap, v and 16-bit saturation, and loihi2's general path):
 * every spike and every state variable of every neuron at every step must agree.
 */
class ReferenceModelTest {
  private static final int CONFIGS = 200;
  private static final int STEPS = 40;

  @ParameterizedTest
  @ValueSource(strings = {"loihi2", "xylo", "theta"})
  void emulatorMatchesNaiveReference(String target) {
    SplittableRandom rnd = new SplittableRandom(7 + target.hashCode());
    int spikesSeen = 0;
    for (int k = 0; k < CONFIGS; k++) {
      HardwareConfig cfg = randomConfig(target, rnd);
      InputSpikes in = randomInput(cfg.getNumInputs(), rnd);
      List<RecordSpec.Probe> probes = new ArrayList<>();
      List<String> vars = switch (target) {
        case "loihi2" -> List.of("u", "v");
        case "xylo" -> List.of("isyn", "vmem");
        default -> List.of("phase");
      };
      for (HwLayer l : cfg.getLayersList()) {
        for (int i = 0; i < l.getSize(); i++) {
          for (String v : vars) {
            probes.add(new RecordSpec.Probe(l.getName(), i, v));
          }
        }
      }
      Trace trace = Emulator.run(cfg, in, STEPS, new RecordSpec(probes));
      ReferenceModel.Result ref = ReferenceModel.run(cfg, in, STEPS);
      int p = 0;
      for (int l = 0; l < cfg.getLayersCount(); l++) {
        HwLayer layer = cfg.getLayers(l);
        for (int i = 0; i < layer.getSize(); i++) {
          List<Long> expected = new ArrayList<>();
          for (int t = 0; t < STEPS; t++) {
            for (int c = 0; c < ref.spikes()[l][t][i]; c++) {
              expected.add((long) t);
            }
          }
          spikesSeen += expected.size();
          String where = target + " config " + k + " layer " + l + " neuron " + i;
          assertEquals(expected, trace.getPopulations(l).getSpikes(i).getStepsList(), where + " spikes\n" + cfg);
          for (int v = 0; v < vars.size(); v++) {
            List<Long> values = new ArrayList<>();
            for (int t = 0; t < STEPS; t++) {
              values.add(ref.state()[l][v][t][i]);
            }
            assertEquals(values, trace.getProbes(p++).getValuesList(), where + " " + vars.get(v) + "\n" + cfg);
          }
        }
      }
    }
    // The generator must make the networks spike, or the comparison would be weak.
    org.junit.jupiter.api.Assertions.assertTrue(spikesSeen > CONFIGS * 5, "spikes " + spikesSeen);
  }

  static InputSpikes randomInput(int channels, SplittableRandom rnd) {
    InputSpikes.Builder b = InputSpikes.newBuilder().setChannels(channels);
    for (int c = 0; c < channels; c++) {
      SpikeTrain.Builder t = SpikeTrain.newBuilder();
      int n = rnd.nextInt(25);
      for (int k = 0; k < n; k++) {
        t.addSteps(rnd.nextInt(STEPS + 5));
      }
      b.addTrains(t);
    }
    return b.build();
  }

  private static int pick(SplittableRandom rnd, int lo, int hi, int... extremes) {
    if (extremes.length > 0 && rnd.nextInt(3) == 0) {
      return extremes[rnd.nextInt(extremes.length)];
    }
    return rnd.nextInt(lo, hi + 1);
  }

  static HardwareConfig randomConfig(String target, SplittableRandom rnd) {
    boolean xylo = target.equals("xylo");
    int inputs = 1 + rnd.nextInt(xylo ? 6 : 6);
    HardwareConfig.Builder cfg = HardwareConfig.newBuilder().setTarget(target).setNumInputs(inputs).setDt(1);
    ThetaTables tables = null;
    if (target.equals("theta")) {
      tables = randomTables(rnd);
      cfg.setThetaTables(tables);
    }
    int layers = 1 + rnd.nextInt(3);
    List<Integer> sizes = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      int size = 1 + rnd.nextInt(5);
      int src = rnd.nextInt(l + 1) - 1;
      int fanIn = src < 0 ? inputs : sizes.get(src);
      boolean output = xylo && l == layers - 1 && l > 0;
      HwLayer.Builder b = HwLayer.newBuilder().setName("L" + l).setSource(src < 0 ? "input" : "L" + src)
          .setSize(size).setFanIn(fanIn).setInputDelay(rnd.nextInt(4)).setOutput(output);
      boolean recurrent = rnd.nextBoolean();
      switch (target) {
        case "loihi2" -> {
          int mode = rnd.nextInt(5);
          int wmode = mode == 0 ? 1 + rnd.nextInt(3) + 1 : mode;
          // In auto mode an all-negative draw becomes INHIBITORY, where -256 is out of range.
          for (int k = 0; k < size * fanIn; k++) {
            b.addWeights(Math.max(loihiWeight(wmode, rnd), mode == 0 ? -255 : -256));
          }
          if (recurrent) {
            int rmode = mode == 0 ? 2 + rnd.nextInt(3) : mode;
            for (int k = 0; k < size * size; k++) {
              b.addRecurrentWeights(Math.max(loihiWeight(rmode, rnd), mode == 0 ? -255 : -256));
            }
          }
          Loihi2Lif.Builder p = Loihi2Lif.newBuilder().setDu(pick(rnd, 0, 4095, 0, 4095, 1))
              .setDv(pick(rnd, 0, 4095, 0, 4095)).setVth(pick(rnd, 0, 300, 0, 131071))
              .setBiasExp(rnd.nextInt(-7, 8)).setWeightExp(pick(rnd, -8, 7, 7, -8))
              .setNumWeightBits(rnd.nextInt(9)).setSignMode(mode);
          for (int i = 0; i < size; i++) {
            if (rnd.nextBoolean()) {
              p.addBiasMant(pick(rnd, -200, 200, -4096, 4095));
            }
          }
          if (p.getBiasMantCount() != size) {
            p.clearBiasMant();
          }
          if (rnd.nextBoolean()) {
            for (int i = 0; i < size; i++) {
              p.addUInit(pick(rnd, -5000, 5000, -(1 << 23) + 1, 1 << 23));
              p.addVInit(pick(rnd, -5000, 5000, -(1 << 23) + 1, (1 << 23) - 1));
            }
          }
          b.setLoihi2(p);
        }
        case "xylo" -> {
          for (int k = 0; k < size * fanIn; k++) {
            b.addWeights(pick(rnd, -128, 127, -128, 127));
          }
          if (recurrent) {
            for (int k = 0; k < size * size; k++) {
              b.addRecurrentWeights(pick(rnd, -128, 127, -128, 127));
            }
          }
          XyloIaf.Builder p = XyloIaf.newBuilder().setDashSyn(rnd.nextInt(16)).setDashMem(rnd.nextInt(16))
              .setWeightShift(rnd.nextInt(9)).setMaxSpikes(output ? rnd.nextInt(2) : rnd.nextInt(32));
          for (int i = 0; i < size; i++) {
            p.addThreshold(pick(rnd, 1, 400, 1, 32767));
            p.addBias(pick(rnd, -50, 50, -32768, 32767));
          }
          b.setXylo(p);
        }
        default -> {
          for (int k = 0; k < size * fanIn; k++) {
            b.addWeights(rnd.nextInt(-40, 41));
          }
          if (recurrent) {
            for (int k = 0; k < size * size; k++) {
              b.addRecurrentWeights(rnd.nextInt(-40, 41));
            }
          }
          ThetaPhase.Builder p = ThetaPhase.newBuilder();
          if (rnd.nextBoolean()) {
            for (int i = 0; i < size; i++) {
              p.addPhaseInit(rnd.nextInt(1 << tables.getPhaseBits()));
            }
          }
          b.setTheta(p);
        }
      }
      sizes.add(size);
      cfg.addLayers(b);
    }
    return cfg.build();
  }

  private static int loihiWeight(int mode, SplittableRandom rnd) {
    return switch (mode) {
      case 2 -> pick(rnd, -256, 255, -256, 255, -1);
      case 4 -> -pick(rnd, 0, 255, 255);
      default -> pick(rnd, 0, 255, 255);
    };
  }

  static ThetaTables randomTables(SplittableRandom rnd) {
    int phaseBits = 3 + rnd.nextInt(6);
    int period = 1 << phaseBits;
    int invBits = rnd.nextInt(phaseBits + 1);
    int vMin = rnd.nextInt(-100, 0);
    int vMax = rnd.nextInt(0, 100);
    int phiShift = rnd.nextInt(4);
    ThetaTables.Builder t = ThetaTables.newBuilder().setPhaseBits(phaseBits).setPhaseStep(rnd.nextInt(period / 2))
        .setInvIndexBits(invBits).setVFracBits(2).setVMin(vMin).setVMax(vMax).setPhiShift(phiShift);
    for (int i = 0; i < (1 << invBits); i++) {
      t.addInvPhi(rnd.nextInt(vMin, vMax + 1));
    }
    int phiLength = ((vMax - vMin) >> phiShift) + 1;
    for (int i = 0; i < phiLength; i++) {
      t.addPhi(rnd.nextInt(period));
    }
    return t.build();
  }
}
