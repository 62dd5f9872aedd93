package org.spikeforge.hw.testing;

import java.util.SplittableRandom;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;

/** Builds small real {@code Network} protos for the hw-backends tests. */
public final class NetBuilder {

    private final Network.Builder net = Network.newBuilder().setTrialEnd(2.0);

    private NetBuilder(String name, NeuronModel model, NeuronParams params) {
        net.setName(name).setModel(model).setParams(params);
    }

    public static NetBuilder lif(String name, double tau, double threshold) {
        return new NetBuilder(name, NeuronModel.LIF_EXP, NeuronParams.newBuilder().setTau(tau).setThreshold(threshold).build());
    }

    public static NetBuilder theta(String name, double tau, double drive) {
        return new NetBuilder(name, NeuronModel.THETA, NeuronParams.newBuilder().setTau(tau).setDrive(drive).build());
    }

    public NetBuilder inputs(int n) {
        net.setNumInputs(n);
        return this;
    }

    public NetBuilder trialEnd(double t) {
        net.setTrialEnd(t);
        return this;
    }

    /** A population fed from {@code source} with the given row-major weights. */
    public NetBuilder layer(String name, int size, String source, boolean output, double... weights) {
        net.addPopulations(Population.newBuilder().setName(name).setSize(size).setOutput(output));
        int cols = weights.length / size;
        Projection.Builder p = Projection.newBuilder().setSource(source).setTarget(name).setRows(size).setCols(cols);
        for (double w : weights) p.addWeights(w);
        net.addProjections(p);
        return this;
    }

    /** A population with seeded uniform weights in [-a, a]. */
    public NetBuilder randomLayer(String name, int size, String source, int cols, boolean output, double a, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] w = new double[size * cols];
        for (int i = 0; i < w.length; i++) w[i] = (2 * rnd.nextDouble() - 1) * a;
        return layer(name, size, source, output, w);
    }

    public NetBuilder recurrent(String name, double... weights) {
        int size = (int) Math.round(Math.sqrt(weights.length));
        Projection.Builder p = Projection.newBuilder().setSource(name).setTarget(name).setRows(size).setCols(size);
        for (double w : weights) p.addWeights(w);
        net.addProjections(p);
        return this;
    }

    public NetBuilder initialV(String name, double... v) {
        for (int i = 0; i < net.getPopulationsCount(); i++)
            if (net.getPopulations(i).getName().equals(name)) {
                Population.Builder p = net.getPopulationsBuilder(i).clearInitialV();
                for (double x : v) p.addInitialV(x);
            }
        return this;
    }

    public Network build() {
        return net.build();
    }

    /** The 784-100-100-10 MNIST-size network of SCIENCE.md 4 as LIF. */
    public static Network mnistLif(double tau) {
        return lif("mnist-lif", tau, 1.0).inputs(784)
                .randomLayer("h1", 100, "input", 784, false, 0.5 / Math.sqrt(784), 1)
                .randomLayer("h2", 100, "h1", 100, false, 0.05, 2)
                .randomLayer("out", 10, "h2", 100, true, 0.05, 3).build();
    }

    /** The 784-100-100-10 MNIST-size theta network of SCIENCE.md 4 (tau = 6/pi, I0 = 5/4, Theta = 6). */
    public static Network mnistTheta() {
        return theta("mnist-theta", 6 / Math.PI, 1.25).inputs(784)
                .randomLayer("h1", 100, "input", 784, false, 0.5 / Math.sqrt(784), 1)
                .randomLayer("h2", 100, "h1", 100, false, 0.05, 2)
                .randomLayer("out", 10, "h2", 100, true, 0.05, 3).build();
    }
}
