package org.spikeforge.hw.targets;

import java.util.List;
import java.util.function.DoubleToIntFunction;
import org.spikeforge.hw.net.KernelSpec;
import org.spikeforge.proto.HwConv2d;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.HwMapShape;
import org.spikeforge.proto.HwSumPool2d;
import org.spikeforge.proto.MapShape;

/**
 * Writes the feed-forward weights of a layer into a {@link HwLayer}: dense layers as the [size][fan_in] matrix,
 * conv2d and sum_pool2d layers (on targets that share kernels) as the shared kernel or the one pool weight, each
 * value quantized by the same per-layer rule as a dense weight. Since the rule is elementwise and maps 0 to 0,
 * the expansion the emulator and the board make of the stored kernel equals the quantized dense expansion.
 */
final class KernelLowering {
    private KernelLowering() {
    }

    /** Sets the weights or the connectivity of {@code hl} from {@code weights} / {@code kernel}, quantized by {@code q}. */
    static void setFeedForward(HwLayer.Builder hl, double[] weights, KernelSpec kernel, DoubleToIntFunction q) {
        if (kernel == null) {
            for (double w : weights) hl.addWeights(q.applyAsInt(w));
            return;
        }
        if (kernel.conv()) {
            HwConv2d.Builder c = HwConv2d.newBuilder().setInShape(shape(kernel.in())).setOutShape(shape(kernel.out()))
                    .setKernelH(kernel.kernelH()).setKernelW(kernel.kernelW()).setStrideH(kernel.strideH())
                    .setStrideW(kernel.strideW()).setPadH(kernel.padH()).setPadW(kernel.padW());
            for (double w : kernel.values()) c.addKernel(q.applyAsInt(w));
            hl.setConv2D(c);
        } else {
            hl.setSumPool2D(HwSumPool2d.newBuilder().setInShape(shape(kernel.in())).setOutShape(shape(kernel.out()))
                    .setKernelH(kernel.kernelH()).setKernelW(kernel.kernelW()).setStrideH(kernel.strideH())
                    .setStrideW(kernel.strideW()).setPadH(kernel.padH()).setPadW(kernel.padW())
                    .setWeight(q.applyAsInt(kernel.values()[0])));
        }
    }

    /** The stored feed-forward integers of a lowered layer, in the order of the network projection's weights. */
    static List<Integer> storedFeedForward(HwLayer hl) {
        return switch (hl.getConnectivityCase()) {
            case CONV2D -> hl.getConv2D().getKernelList();
            case SUM_POOL2D -> List.of(hl.getSumPool2D().getWeight());
            default -> hl.getWeightsList();
        };
    }

    private static HwMapShape shape(MapShape s) {
        return HwMapShape.newBuilder().setChannels(s.getChannels()).setHeight(s.getHeight()).setWidth(s.getWidth()).build();
    }
}
