package org.spikeforge.hw.device;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwConv2d;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.HwMapShape;
import org.spikeforge.proto.HwSumPool2d;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.ThetaPhase;
import org.spikeforge.proto.ThetaTables;
import org.spikeforge.proto.XyloIaf;

/**
 * Seeded generator of small, valid configs (every field inside the ranges of docs/TARGET-SEMANTICS.md
 * and the reference board's limits) and of matching random inputs, biased towards parameter values
 * that make neurons fire and hit the corner cases (saturation, wrap, extreme decays, repeated input).
 */
final class RandomConfigs {
    private final SplittableRandom random;

    RandomConfigs(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private int between(int lo, int hi) {
        return random.nextInt(lo, hi + 1);
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** A value from [lo, hi], often one of the two ends. */
    private int edgy(int lo, int hi) {
        double r = random.nextDouble();
        if (r < 0.15) {
            return lo;
        }
        if (r < 0.3) {
            return hi;
        }
        return between(lo, hi);
    }

    HardwareConfig config(String family) {
        return switch (family) {
            case "loihi2" -> loihi2();
            case "xylo" -> xylo();
            case "theta" -> theta();
            default -> throw new IllegalArgumentException("unknown family " + family);
        };
    }

    private HardwareConfig.Builder frame(String family, int numInputs) {
        return HardwareConfig.newBuilder().setTarget(family).setFormatVersion(chance(0.5) ? "1" : "")
                .setNetworkName("random").setNumInputs(numInputs).setDt(0.5).setNumSteps(32);
    }

    private HwLayer.Builder layer(int index, String source, int size, int fanIn, int delay) {
        return HwLayer.newBuilder().setName("L" + index).setSource(source).setSize(size).setFanIn(fanIn)
                .setInputDelay(delay);
    }

    HardwareConfig loihi2() {
        int numInputs = between(1, 6);
        HardwareConfig.Builder cfg = frame("loihi2", numInputs);
        int layers = between(1, 3);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            int sourceIndex = i == 0 || chance(0.2) ? -1 : between(0, i - 1);
            int fanIn = sourceIndex < 0 ? numInputs : sizes.get(sourceIndex);
            int size = between(1, 5);
            sizes.add(size);
            int delay = chance(0.7) ? 1 : between(0, 3);
            int signMode = between(0, 4);
            int lo = signMode == 2 ? -256 : (signMode == 4 || signMode == 0 ? -255 : 0);
            int hi = signMode == 4 ? 0 : 255;
            HwLayer.Builder layer = layer(i, sourceIndex < 0 ? "input" : "L" + sourceIndex, size, fanIn, delay)
                    .setOutput(i == layers - 1);
            for (int k = 0; k < size * fanIn; k++) {
                layer.addWeights(chance(0.2) ? 0 : edgy(lo, hi));
            }
            if (chance(0.3)) {
                for (int k = 0; k < size * size; k++) {
                    layer.addRecurrentWeights(chance(0.3) ? 0 : edgy(lo, hi));
                }
            }
            Loihi2Lif.Builder lif = Loihi2Lif.newBuilder().setDu(edgy(0, 4095)).setDv(edgy(0, 4095))
                    .setVth(chance(0.8) ? between(0, 400) : edgy(0, (1 << 17) - 1))
                    .setBiasExp(between(-7, 7)).setWeightExp(chance(0.5) ? between(-2, 3) : edgy(-8, 7))
                    .setNumWeightBits(between(0, 8)).setSignMode(signMode);
            if (chance(0.5)) {
                for (int n = 0; n < size; n++) {
                    lif.addBiasMant(chance(0.7) ? between(-300, 300) : edgy(-4096, 4095));
                }
            }
            if (chance(0.3)) {
                int m = 1 << 23;
                for (int n = 0; n < size; n++) {
                    lif.addUInit(edgy(-m + 1, m));
                    lif.addVInit(edgy(-m + 1, m - 1));
                }
            }
            cfg.addLayers(layer.setLoihi2(lif));
        }
        return cfg.build();
    }

    HardwareConfig xylo() {
        int numInputs = between(1, 8);
        HardwareConfig.Builder cfg = frame("xylo", numInputs);
        int hidden = between(1, 2);
        int previous = numInputs;
        for (int i = 0; i <= hidden; i++) {
            boolean output = i == hidden;
            int size = output ? between(1, 4) : between(1, 6);
            int delay = i == 0 ? 0 : (chance(0.8) ? 1 : 0);
            HwLayer.Builder layer = layer(i, i == 0 ? "input" : "L" + (i - 1), size, previous, delay).setOutput(output);
            for (int k = 0; k < size * previous; k++) {
                layer.addWeights(chance(0.2) ? 0 : edgy(-128, 127));
            }
            if (!output && chance(0.3)) {
                for (int k = 0; k < size * size; k++) {
                    layer.addRecurrentWeights(chance(0.3) ? 0 : edgy(-128, 127));
                }
            }
            XyloIaf.Builder iaf = XyloIaf.newBuilder().setDashSyn(edgy(0, 15)).setDashMem(edgy(0, 15))
                    .setWeightShift(edgy(0, 8))
                    .setMaxSpikes(chance(0.4) ? 0 : (output ? 1 : between(1, 31)));
            for (int n = 0; n < size; n++) {
                iaf.addThreshold(chance(0.8) ? between(1, 3000) : edgy(1, 32767));
            }
            if (chance(0.5)) {
                for (int n = 0; n < size; n++) {
                    iaf.addBias(chance(0.7) ? between(-200, 200) : edgy(-32768, 32767));
                }
            }
            cfg.addLayers(layer.setXylo(iaf));
            previous = size;
        }
        return cfg.build();
    }

    HardwareConfig theta() {
        int numInputs = between(1, 5);
        int phaseBits = between(3, 10);
        int period = 1 << phaseBits;
        int invBits = between(0, Math.min(phaseBits, 6));
        int vMin = between(-300, 0);
        int vMax = vMin + between(0, 600);
        int phiShift = between(0, 4);
        ThetaTables.Builder tables = ThetaTables.newBuilder().setPhaseBits(phaseBits)
                .setPhaseStep(edgy(0, period - 1)).setInvIndexBits(invBits).setVFracBits(between(0, 8))
                .setVMin(vMin).setVMax(vMax).setPhiShift(phiShift);
        for (int k = 0; k < 1 << invBits; k++) {
            tables.addInvPhi(between(vMin, vMax));
        }
        long phiCount = (((long) vMax - vMin) >> phiShift) + 1;
        for (long k = 0; k < phiCount; k++) {
            tables.addPhi(between(0, period - 1));
        }
        HardwareConfig.Builder cfg = frame("theta", numInputs).setThetaTables(tables);
        int layers = between(1, 3);
        int previous = numInputs;
        for (int i = 0; i < layers; i++) {
            int size = between(1, 5);
            HwLayer.Builder layer = layer(i, i == 0 ? "input" : "L" + (i - 1), size, previous, between(0, 2))
                    .setOutput(i == layers - 1);
            for (int k = 0; k < size * previous; k++) {
                layer.addWeights(chance(0.2) ? 0 : between(-400, 400));
            }
            if (chance(0.3)) {
                for (int k = 0; k < size * size; k++) {
                    layer.addRecurrentWeights(between(-400, 400));
                }
            }
            ThetaPhase.Builder phase = ThetaPhase.newBuilder();
            if (chance(0.5)) {
                for (int n = 0; n < size; n++) {
                    phase.addPhaseInit(between(0, period - 1));
                }
            }
            cfg.addLayers(layer.setTheta(phase));
            previous = size;
        }
        return cfg.build();
    }

    /**
     * A small loihi2 or theta config whose layers are conv2d, sum_pool2d or dense (at least one conv or pool),
     * on a non-square input map with asymmetric kernels, strides and padding; every field valid.
     */
    HardwareConfig convConfig(String family) {
        boolean loihi = family.equals("loihi2");
        int[] in = {between(1, 2), between(1, 7), between(1, 7)};
        HardwareConfig.Builder cfg = frame(family, in[0] * in[1] * in[2]);
        int period = 0;
        if (!loihi) {
            ThetaTables tables = thetaTables();
            cfg.setThetaTables(tables);
            period = 1 << tables.getPhaseBits();
        }
        List<int[]> shapes = new ArrayList<>();
        int layers = between(1, 3);
        boolean kernelSeen = false;
        for (int i = 0; i < layers; i++) {
            int sourceIndex = i == 0 || chance(0.2) ? -1 : i - 1;
            int[] src = sourceIndex < 0 ? in : shapes.get(sourceIndex);
            int fanIn = src[0] * src[1] * src[2];
            String source = sourceIndex < 0 ? "input" : "L" + sourceIndex;
            int kind = !kernelSeen && i == layers - 1 ? between(0, 1) : between(0, 2); // 0 conv, 1 pool, 2 dense
            int signMode = loihi ? between(0, 4) : 0;
            int lo = loihi ? (signMode == 2 ? -256 : (signMode == 4 || signMode == 0 ? -255 : 0)) : -400;
            int hi = loihi ? (signMode == 4 ? 0 : 255) : 400;
            if (loihi && signMode == 0 && chance(0.5)) {
                lo = 0; // auto sign mode: often all excitatory
            }
            HwLayer.Builder layer;
            int[] out;
            if (kind == 2) {
                out = new int[] {between(1, 5), 1, 1};
                layer = layer(i, source, out[0], fanIn, loihi ? 1 : between(0, 1));
                for (int k = 0; k < out[0] * fanIn; k++) {
                    layer.addWeights(chance(0.2) ? 0 : edgy(lo, hi));
                }
            } else {
                int[] window = window(src);
                int oc = kind == 0 ? between(1, 3) : src[0];
                out = new int[] {oc, (src[1] + 2 * window[4] - window[0]) / window[2] + 1,
                    (src[2] + 2 * window[5] - window[1]) / window[3] + 1};
                layer = layer(i, source, out[0] * out[1] * out[2], fanIn, loihi ? 1 : between(0, 1));
                if (kind == 0) {
                    HwConv2d.Builder c = HwConv2d.newBuilder().setInShape(mapShape(src)).setOutShape(mapShape(out))
                            .setKernelH(window[0]).setKernelW(window[1]).setStrideH(window[2]).setStrideW(window[3])
                            .setPadH(window[4]).setPadW(window[5]);
                    for (int k = 0; k < oc * src[0] * window[0] * window[1]; k++) {
                        c.addKernel(chance(0.15) ? 0 : edgy(lo, hi));
                    }
                    layer.setConv2D(c);
                } else {
                    layer.setSumPool2D(HwSumPool2d.newBuilder().setInShape(mapShape(src)).setOutShape(mapShape(out))
                            .setKernelH(window[0]).setKernelW(window[1]).setStrideH(window[2]).setStrideW(window[3])
                            .setPadH(window[4]).setPadW(window[5]).setWeight(between(Math.max(lo, -200), hi)));
                }
                kernelSeen = true;
            }
            int size = layer.getSize();
            if (size <= 12 && chance(0.2)) {
                for (int k = 0; k < size * size; k++) {
                    layer.addRecurrentWeights(chance(0.5) ? 0 : edgy(lo, hi));
                }
            }
            layer.setOutput(i == layers - 1);
            if (loihi) {
                layer.setLoihi2(Loihi2Lif.newBuilder().setDu(edgy(0, 4095)).setDv(edgy(0, 4095))
                        .setVth(chance(0.8) ? between(0, 400) : edgy(0, (1 << 17) - 1))
                        .setBiasExp(between(-7, 7)).setWeightExp(chance(0.5) ? between(-2, 3) : edgy(-8, 7))
                        .setNumWeightBits(between(0, 8)).setSignMode(signMode));
            } else {
                ThetaPhase.Builder phase = ThetaPhase.newBuilder();
                if (chance(0.5)) {
                    for (int n = 0; n < size; n++) {
                        phase.addPhaseInit(between(0, period - 1));
                    }
                }
                layer.setTheta(phase);
            }
            cfg.addLayers(layer);
            shapes.add(out);
        }
        return cfg.build();
    }

    /** kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w that fit a source map (c, h, w). */
    private int[] window(int[] src) {
        while (true) {
            int kh = between(1, 4);
            int kw = between(1, 4);
            int ph = between(0, kh - 1);
            int pw = between(0, kw - 1);
            if (src[1] + 2 * ph >= kh && src[2] + 2 * pw >= kw) {
                return new int[] {kh, kw, between(1, 3), between(1, 3), ph, pw};
            }
        }
    }

    private static HwMapShape mapShape(int[] s) {
        return HwMapShape.newBuilder().setChannels(s[0]).setHeight(s[1]).setWidth(s[2]).build();
    }

    private ThetaTables thetaTables() {
        int phaseBits = between(3, 10);
        int period = 1 << phaseBits;
        int invBits = between(0, Math.min(phaseBits, 6));
        int vMin = between(-300, 0);
        int vMax = vMin + between(0, 600);
        int phiShift = between(0, 4);
        ThetaTables.Builder tables = ThetaTables.newBuilder().setPhaseBits(phaseBits)
                .setPhaseStep(edgy(0, period - 1)).setInvIndexBits(invBits).setVFracBits(between(0, 8))
                .setVMin(vMin).setVMax(vMax).setPhiShift(phiShift);
        for (int k = 0; k < 1 << invBits; k++) {
            tables.addInvPhi(between(vMin, vMax));
        }
        long phiCount = (((long) vMax - vMin) >> phiShift) + 1;
        for (long k = 0; k < phiCount; k++) {
            tables.addPhi(between(0, period - 1));
        }
        return tables.build();
    }

    /** Random spikes: unsorted, with repeats, and a few entries at or past {@code steps} (ignored). */
    InputSpikes input(int channels, int steps) {
        InputSpikes.Builder in = InputSpikes.newBuilder().setChannels(channels).setLabel(-1);
        double rate = 0.05 + random.nextDouble() * 0.4;
        for (int c = 0; c < channels; c++) {
            SpikeTrain.Builder train = SpikeTrain.newBuilder();
            for (int t = steps + 2; t >= 0; t--) {
                if (chance(rate)) {
                    int repeats = chance(0.15) ? between(2, 20) : 1;
                    for (int r = 0; r < repeats; r++) {
                        train.addSteps(t);
                    }
                }
            }
            in.addTrains(train);
        }
        return in.build();
    }

    int steps() {
        return between(1, 40);
    }
}
