package org.spikeforge.hw.testing;

import java.util.SplittableRandom;
import org.spikeforge.proto.Conv2d;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SumPool2d;

/**
 * A small conv net for the lowering tests: input 1 x 5 x 4 (not square) -> conv2d (2 out, kernel 3 x 2, stride
 * 2 x 1, pad 1 x 0) -> c1 2 x 3 x 3 -> sum_pool2d 2 x 2, stride 1 -> p1 2 x 2 x 2 -> dense -> out (3). Seeded
 * weights; {@link #denseTwin} is the same net with every projection written as its dense matrix.
 */
public final class ConvNets {
    private ConvNets() {
    }

    public static MapShape shape(int c, int h, int w) {
        return MapShape.newBuilder().setChannels(c).setHeight(h).setWidth(w).build();
    }

    public static Network lif() {
        return build(NeuronModel.LIF_EXP, NeuronParams.newBuilder().setTau(1.0).setThreshold(1.0).build(), 4.0);
    }

    public static Network theta() {
        return build(NeuronModel.THETA, NeuronParams.newBuilder().setTau(6 / Math.PI).setDrive(1.25).build(), 4.0);
    }

    private static Network build(NeuronModel model, NeuronParams params, double scale) {
        SplittableRandom r = new SplittableRandom(7);
        Projection.Builder conv = Projection.newBuilder().setSource("input").setTarget("c1").setRows(18).setCols(20)
                .setConv2D(Conv2d.newBuilder().setKernelH(3).setKernelW(2).setStrideH(2).setStrideW(1).setPadH(1));
        for (int k = 0; k < 2 * 1 * 3 * 2; k++) conv.addWeights(scale * (r.nextDouble() * 1.6 - 0.5));
        Projection.Builder dense = Projection.newBuilder().setSource("p1").setTarget("out").setRows(3).setCols(8);
        for (int k = 0; k < 24; k++) dense.addWeights(scale * (r.nextDouble() * 1.4 - 0.4));
        return Network.newBuilder().setName("convnet").setModel(model).setParams(params).setTrialEnd(6.0)
                .setNumInputs(20).setInputShape(shape(1, 5, 4))
                .addPopulations(Population.newBuilder().setName("c1").setSize(18).setShape(shape(2, 3, 3)))
                .addPopulations(Population.newBuilder().setName("p1").setSize(8).setShape(shape(2, 2, 2)))
                .addPopulations(Population.newBuilder().setName("out").setSize(3).setOutput(true))
                .addProjections(conv)
                .addProjections(Projection.newBuilder().setSource("c1").setTarget("p1").setRows(8).setCols(18)
                        .setSumPool2D(SumPool2d.newBuilder().setKernelH(2).setKernelW(2).setStrideH(1).setStrideW(1))
                        .addWeights(scale * 0.7))
                .addProjections(dense)
                .build();
    }

    /**
     * The same network with dense projections, expanded here independently of the lowering code: target (o, y, x)
     * reads source (i, y sh - ph + ky, x sw - pw + kx).
     */
    public static Network denseTwin(Network net) {
        Network.Builder b = net.toBuilder().clearProjections();
        for (Projection p : net.getProjectionsList()) {
            if (!p.hasConv2D() && !p.hasSumPool2D()) {
                b.addProjections(p);
                continue;
            }
            MapShape in = p.getSource().equals("input") ? net.getInputShape() : shapeOf(net, p.getSource());
            MapShape out = shapeOf(net, p.getTarget());
            boolean conv = p.hasConv2D();
            int kh = conv ? p.getConv2D().getKernelH() : p.getSumPool2D().getKernelH();
            int kw = conv ? p.getConv2D().getKernelW() : p.getSumPool2D().getKernelW();
            int sh = conv ? p.getConv2D().getStrideH() : p.getSumPool2D().getStrideH();
            int sw = conv ? p.getConv2D().getStrideW() : p.getSumPool2D().getStrideW();
            int ph = conv ? p.getConv2D().getPadH() : p.getSumPool2D().getPadH();
            int pw = conv ? p.getConv2D().getPadW() : p.getSumPool2D().getPadW();
            double[] w = new double[p.getRows() * p.getCols()];
            for (int i = 0; i < in.getChannels(); i++)
                for (int iy = 0; iy < in.getHeight(); iy++)
                    for (int ix = 0; ix < in.getWidth(); ix++)
                        for (int o = 0; o < out.getChannels(); o++)
                            for (int oy = 0; oy < out.getHeight(); oy++)
                                for (int ox = 0; ox < out.getWidth(); ox++) {
                                    int ky = iy - oy * sh + ph;
                                    int kx = ix - ox * sw + pw;
                                    if (ky < 0 || ky >= kh || kx < 0 || kx >= kw || (!conv && o != i)) continue;
                                    int t = (o * out.getHeight() + oy) * out.getWidth() + ox;
                                    int s = (i * in.getHeight() + iy) * in.getWidth() + ix;
                                    w[t * p.getCols() + s] = conv
                                            ? p.getWeights(((o * in.getChannels() + i) * kh + ky) * kw + kx) : p.getWeights(0);
                                }
            Projection.Builder d = p.toBuilder().clearConnectivity().clearWeights();
            for (double x : w) d.addWeights(x);
            b.addProjections(d);
        }
        return b.build();
    }

    private static MapShape shapeOf(Network net, String population) {
        for (Population p : net.getPopulationsList()) if (p.getName().equals(population)) return p.getShape();
        throw new IllegalArgumentException(population);
    }
}
