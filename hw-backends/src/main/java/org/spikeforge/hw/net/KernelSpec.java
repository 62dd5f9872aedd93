package org.spikeforge.hw.net;

import org.spikeforge.proto.Conv2d;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SumPool2d;

/**
 * The feed-forward connectivity of a conv2d or sum_pool2d layer in float model units, with every default of
 * network.proto resolved (conv stride 0 means 1, pool stride 0 means the kernel size). Targets that store shared
 * kernels lower {@link #values()}; the dense view ({@link #expand()}) gives the scales and bounds that depend on
 * the whole matrix (row sums, sign) the same numbers as for a dense layer.
 *
 * @param conv      true for conv2d (values: kernel, layout out, in, kh, kw), false for sum_pool2d (one value)
 * @param in        source layout (channels, height, width); neuron (c, y, x) is (c * height + y) * width + x
 * @param out       this layer's layout
 * @param values    conv: the kernel; pool: the one fixed weight
 */
public record KernelSpec(boolean conv, MapShape in, MapShape out, int kernelH, int kernelW, int strideH, int strideW,
                         int padH, int padW, double[] values) {

    /** The proto field name of the connectivity: {@code conv2d} or {@code sum_pool2d}. */
    public String kind() {
        return conv ? "conv2d" : "sum_pool2d";
    }

    /** Reads a conv2d or sum_pool2d projection whose shapes the caller has checked ({@link ConvLayers}). */
    static KernelSpec of(Projection p, MapShape source, MapShape target) {
        double[] values = p.getWeightsList().stream().mapToDouble(Double::doubleValue).toArray();
        if (p.hasConv2D()) {
            Conv2d c = p.getConv2D();
            return new KernelSpec(true, source, target, c.getKernelH(), c.getKernelW(), orDefault(c.getStrideH(), 1),
                    orDefault(c.getStrideW(), 1), c.getPadH(), c.getPadW(), values);
        }
        SumPool2d c = p.getSumPool2D();
        return new KernelSpec(false, source, target, c.getKernelH(), c.getKernelW(),
                orDefault(c.getStrideH(), c.getKernelH()), orDefault(c.getStrideW(), c.getKernelW()), c.getPadH(),
                c.getPadW(), values);
    }

    private static int orDefault(int v, int dflt) {
        return v == 0 ? dflt : v;
    }

    /** Neurons of one output feature map (height x width). */
    public int mapSize() {
        return out.getHeight() * out.getWidth();
    }

    /** Stored weights one output channel needs: in_channels x kernel_h x kernel_w for conv, 0 for pool (one per layer). */
    public long kernelEntriesPerChannel() {
        return conv ? (long) in.getChannels() * kernelH * kernelW : 0;
    }

    /** Synapses of the largest receptive field: what one neuron sums at most. */
    public int tapsPerNeuron() {
        return (conv ? in.getChannels() : 1) * kernelH * kernelW;
    }

    /** Number of real synapses (taps inside the source map), over all neurons. */
    public long connections() {
        long rows = 0;
        long cols = 0;
        for (int y = 0; y < out.getHeight(); y++) rows += inside(y * strideH - padH, kernelH, in.getHeight());
        for (int x = 0; x < out.getWidth(); x++) cols += inside(x * strideW - padW, kernelW, in.getWidth());
        return rows * cols * out.getChannels() * (conv ? in.getChannels() : 1);
    }

    private static long inside(int first, int kernel, int side) {
        return Math.max(0, Math.min(side, first + kernel) - Math.max(0, first));
    }

    /** The dense row-major [size][fan_in] matrix these synapses stand for (zeros off the windows). */
    public double[] expand() {
        int ic = in.getChannels();
        int ih = in.getHeight();
        int iw = in.getWidth();
        int fanIn = ic * ih * iw;
        int oh = out.getHeight();
        int ow = out.getWidth();
        double[] w = new double[out.getChannels() * oh * ow * fanIn];
        for (int o = 0; o < out.getChannels(); o++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int row = ((o * oh + y) * ow + x) * fanIn;
                    for (int i = conv ? 0 : o; i < (conv ? ic : o + 1); i++) {
                        for (int ky = 0; ky < kernelH; ky++) {
                            int sy = y * strideH - padH + ky;
                            if (sy < 0 || sy >= ih) continue;
                            for (int kx = 0; kx < kernelW; kx++) {
                                int sx = x * strideW - padW + kx;
                                if (sx < 0 || sx >= iw) continue;
                                w[row + (i * ih + sy) * iw + sx] = conv ? values[((o * ic + i) * kernelH + ky) * kernelW + kx] : values[0];
                            }
                        }
                    }
                }
            }
        }
        return w;
    }

    /** The network's input layout, or null when it has none. */
    static MapShape inputShape(Network net) {
        return present(net.getInputShape()) ? net.getInputShape() : null;
    }

    /** Whether a shape is set (proto3 leaves an absent message all zero). */
    static boolean present(MapShape s) {
        return s.getChannels() != 0 || s.getHeight() != 0 || s.getWidth() != 0;
    }
}
