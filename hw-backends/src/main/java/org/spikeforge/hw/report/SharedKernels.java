package org.spikeforge.hw.report;

import java.util.List;
import org.spikeforge.proto.CoreAssignment;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.HwMapShape;

/**
 * Counts for the resource report of a conv2d or sum_pool2d layer: its real synapses and the shared weights its
 * cores store (each core keeps the kernels of the output channels it holds; a pool layer one weight per core).
 */
final class SharedKernels {
    private SharedKernels() {
    }

    /** Taps inside the source map over all neurons: the synapses the shared kernel stands for. */
    static long connections(HwLayer l) {
        boolean conv = l.hasConv2D();
        HwMapShape in = conv ? l.getConv2D().getInShape() : l.getSumPool2D().getInShape();
        HwMapShape out = conv ? l.getConv2D().getOutShape() : l.getSumPool2D().getOutShape();
        int kh = conv ? l.getConv2D().getKernelH() : l.getSumPool2D().getKernelH();
        int kw = conv ? l.getConv2D().getKernelW() : l.getSumPool2D().getKernelW();
        int sh = conv ? l.getConv2D().getStrideH() : l.getSumPool2D().getStrideH();
        int sw = conv ? l.getConv2D().getStrideW() : l.getSumPool2D().getStrideW();
        int ph = conv ? l.getConv2D().getPadH() : l.getSumPool2D().getPadH();
        int pw = conv ? l.getConv2D().getPadW() : l.getSumPool2D().getPadW();
        long rows = 0;
        long cols = 0;
        for (int y = 0; y < out.getHeight(); y++) rows += inside((long) y * sh - ph, kh, in.getHeight());
        for (int x = 0; x < out.getWidth(); x++) cols += inside((long) x * sw - pw, kw, in.getWidth());
        return rows * cols * out.getChannels() * (conv ? in.getChannels() : 1);
    }

    private static long inside(long first, int kernel, int side) {
        return Math.max(0, Math.min(side, first + kernel) - Math.max(0, first));
    }

    /** Shared weights stored over the layer's cores (the whole kernel once when it has no core assignment). */
    static long storedWeights(HwLayer l, List<CoreAssignment> cores) {
        if (l.hasSumPool2D()) {
            long n = cores.stream().filter(c -> c.getLayer().equals(l.getName())).count();
            return Math.max(1, n);
        }
        HwMapShape out = l.getConv2D().getOutShape();
        long perChannel = (long) l.getConv2D().getInShape().getChannels() * l.getConv2D().getKernelH() * l.getConv2D().getKernelW();
        long map = (long) out.getHeight() * out.getWidth();
        long channels = 0;
        boolean any = false;
        for (CoreAssignment c : cores) {
            if (!c.getLayer().equals(l.getName()) || c.getCount() <= 0) continue;
            any = true;
            channels += (c.getFirstNeuron() + c.getCount() - 1) / map - c.getFirstNeuron() / map + 1;
        }
        return (any ? channels : out.getChannels()) * perChannel;
    }
}
