package org.spikeforge.emulator;

import java.util.List;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;

/** Small builders shared by the emulator tests. */
final class Configs {
  private Configs() {}

  static HwLayer.Builder layer(String name, String source, int size, int fanIn, int delay, int... weights) {
    HwLayer.Builder b = HwLayer.newBuilder().setName(name).setSource(source).setSize(size).setFanIn(fanIn)
        .setInputDelay(delay);
    for (int w : weights) {
      b.addWeights(w);
    }
    return b;
  }

  static Loihi2Lif.Builder lif(int du, int dv, int vth) {
    return Loihi2Lif.newBuilder().setDu(du).setDv(dv).setVth(vth).setNumWeightBits(8);
  }

  static HardwareConfig config(String target, int inputs, HwLayer.Builder... layers) {
    HardwareConfig.Builder b = HardwareConfig.newBuilder().setTarget(target).setFormatVersion("1")
        .setNumInputs(inputs).setDt(1.0);
    for (HwLayer.Builder l : layers) {
      b.addLayers(l);
    }
    return b.build();
  }

  /** trains[c] lists the steps of channel c (repeats allowed). */
  static InputSpikes input(long[]... trains) {
    InputSpikes.Builder b = InputSpikes.newBuilder().setChannels(trains.length).setLabel(-1);
    for (long[] t : trains) {
      SpikeTrain.Builder s = SpikeTrain.newBuilder();
      for (long x : t) {
        s.addSteps(x);
      }
      b.addTrains(s);
    }
    return b.build();
  }

  static InputSpikes silent(int channels) {
    long[][] t = new long[channels][0];
    return input(t);
  }

  static List<Long> spikes(Trace trace, String layer, int neuron) {
    return trace.getPopulationsList().stream().filter(p -> p.getName().equals(layer)).findFirst().orElseThrow()
        .getSpikes(neuron).getStepsList();
  }

  static List<Long> probe(Trace trace, int index) {
    return trace.getProbes(index).getValuesList();
  }

  static RecordSpec.Probe p(String layer, int neuron, String variable) {
    return new RecordSpec.Probe(layer, neuron, variable);
  }
}
