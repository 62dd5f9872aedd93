package org.spikeforge.hw.device;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwConv2d;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.HwMapShape;
import org.spikeforge.proto.HwSumPool2d;
import org.spikeforge.proto.Loihi2Lif;

/**
 * A valid loihi2 config with a conv2d and a sum_pool2d layer, and one malformed copy per conv/pool field, each
 * with the field path that the board's and the emulator's refusal must name. Shared by the JNA check and the
 * sanitizer run.
 */
final class ConvMutations {
    private ConvMutations() {
    }

    /** A malformed config and the text its refusal must contain. */
    record Mutation(String needle, HardwareConfig config) {
    }

    static HwMapShape shape(int c, int h, int w) {
        return HwMapShape.newBuilder().setChannels(c).setHeight(h).setWidth(w).build();
    }

    /**
     * input 1 x 5 x 4 -> conv (2 out, kernel 3 x 2, stride 2 x 1, pad 1 x 0) -> 2 x 3 x 3 -> pool 2 x 2, stride 1
     * -> 2 x 2 x 2.
     */
    static HardwareConfig base() {
        HwConv2d.Builder conv = HwConv2d.newBuilder().setInShape(shape(1, 5, 4)).setOutShape(shape(2, 3, 3))
                .setKernelH(3).setKernelW(2).setStrideH(2).setStrideW(1).setPadH(1).setPadW(0);
        for (int k = 0; k < 12; k++) {
            conv.addKernel((k % 5 - 2) * 40);
        }
        HwSumPool2d.Builder pool = HwSumPool2d.newBuilder().setInShape(shape(2, 3, 3)).setOutShape(shape(2, 2, 2))
                .setKernelH(2).setKernelW(2).setStrideH(1).setStrideW(1).setWeight(100);
        Loihi2Lif lif = Loihi2Lif.newBuilder().setDu(400).setDv(300).setVth(20).setNumWeightBits(8).setSignMode(2)
                .build();
        return HardwareConfig.newBuilder().setTarget("loihi2").setFormatVersion("1").setNetworkName("conv")
                .setNumInputs(20).setDt(1).setNumSteps(8)
                .addLayers(HwLayer.newBuilder().setName("c").setSource("input").setSize(18).setFanIn(20)
                        .setInputDelay(1).setConv2D(conv).setLoihi2(lif))
                .addLayers(HwLayer.newBuilder().setName("p").setSource("c").setSize(8).setFanIn(18).setInputDelay(1)
                        .setOutput(true).setSumPool2D(pool).setLoihi2(lif))
                .build();
    }

    static List<Mutation> all() {
        List<Mutation> out = new ArrayList<>();
        conv(out, "conv2d.kernel_h", c -> c.setKernelH(0));
        conv(out, "conv2d.kernel_w", c -> c.setKernelW(70000));
        conv(out, "conv2d.stride_h", c -> c.setStrideH(0));
        conv(out, "conv2d.stride_w", c -> c.setStrideW(-1));
        conv(out, "conv2d.pad_h", c -> c.setPadH(3));
        conv(out, "conv2d.pad_w", c -> c.setPadW(-1));
        conv(out, "conv2d.in_shape.channels", HwConv2d.Builder::clearInShape);
        conv(out, "conv2d.out_shape.height", c -> c.setInShape(shape(1, 4, 5)));
        conv(out, "conv2d.out_shape = 2 x 3 x 4", c -> c.setOutShape(shape(2, 3, 4)));
        conv(out, "conv2d.kernel has 11 entries", c -> {
            List<Integer> k = new ArrayList<>(c.getKernelList());
            return c.clearKernel().addAllKernel(k.subList(1, k.size()));
        });
        conv(out, "conv2d.kernel[5] = 300", c -> c.setKernel(5, 300));
        pool(out, "sum_pool2d.weight = 999", p -> p.setWeight(999));
        pool(out, "sum_pool2d.stride_w", p -> p.setStrideW(0));
        pool(out, "sum_pool2d.out_shape.channels = 1", p -> p.setOutShape(shape(1, 4, 2)));
        pool(out, "sum_pool2d.out_shape.width", p -> p.setStrideW(2));
        HardwareConfig b = base();
        out.add(new Mutation("weights has 1 entries, expected 0",
                b.toBuilder().setLayers(0, b.getLayers(0).toBuilder().addWeights(4)).build()));
        return out;
    }

    private static void conv(List<Mutation> out, String needle, UnaryOperator<HwConv2d.Builder> change) {
        HardwareConfig b = base();
        HwLayer.Builder l = b.getLayers(0).toBuilder();
        l.setConv2D(change.apply(l.getConv2D().toBuilder()));
        out.add(new Mutation(needle, b.toBuilder().setLayers(0, l).build()));
    }

    private static void pool(List<Mutation> out, String needle, UnaryOperator<HwSumPool2d.Builder> change) {
        HardwareConfig b = base();
        HwLayer.Builder l = b.getLayers(1).toBuilder();
        l.setSumPool2D(change.apply(l.getSumPool2D().toBuilder()));
        out.add(new Mutation(needle, b.toBuilder().setLayers(1, l).build()));
    }
}
