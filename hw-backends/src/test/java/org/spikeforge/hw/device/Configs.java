package org.spikeforge.hw.device;

import java.util.Arrays;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.XyloIaf;

/** Small builders for hand-written configs and inputs in the device tests. */
final class Configs {
    private Configs() {
    }

    static HardwareConfig.Builder config(String target, int numInputs) {
        return HardwareConfig.newBuilder().setTarget(target).setFormatVersion("1").setNetworkName("test")
                .setNumInputs(numInputs).setDt(1.0).setNumSteps(16);
    }

    static HwLayer.Builder layer(String name, String source, int size, int fanIn, int delay, int... weights) {
        HwLayer.Builder b = HwLayer.newBuilder().setName(name).setSource(source).setSize(size).setFanIn(fanIn)
                .setInputDelay(delay);
        for (int w : weights) {
            b.addWeights(w);
        }
        return b;
    }

    static Loihi2Lif.Builder lif(int du, int dv, int vth) {
        return Loihi2Lif.newBuilder().setDu(du).setDv(dv).setVth(vth).setNumWeightBits(8).setSignMode(2);
    }

    static XyloIaf.Builder iaf(int dashSyn, int dashMem, int maxSpikes, int... thresholds) {
        XyloIaf.Builder b = XyloIaf.newBuilder().setDashSyn(dashSyn).setDashMem(dashMem).setMaxSpikes(maxSpikes);
        for (int t : thresholds) {
            b.addThreshold(t);
        }
        return b;
    }

    /** Input with one spike train per channel; {@code steps[c]} lists channel c's spike steps. */
    static InputSpikes input(long[]... steps) {
        InputSpikes.Builder b = InputSpikes.newBuilder().setChannels(steps.length).setLabel(-1);
        for (long[] s : steps) {
            b.addTrains(SpikeTrain.newBuilder().addAllSteps(Arrays.stream(s).boxed().toList()));
        }
        return b.build();
    }

    static long[] steps(long... s) {
        return s;
    }
}
