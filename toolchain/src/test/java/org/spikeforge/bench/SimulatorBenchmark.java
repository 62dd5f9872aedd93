package org.spikeforge.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.spikeforge.grad.ParameterGradients;
import org.spikeforge.grad.ReferenceNets;
import org.spikeforge.grad.SpikeTimeGradient;
import org.spikeforge.sim.CompiledNetwork;
import org.spikeforge.sim.EventLog;
import org.spikeforge.sim.EventSimulator;
import org.spikeforge.sim.InputTrains;
import org.spikeforge.sim.SimulationOptions;

/**
 * Forward and forward+backward cost of the general exact simulator on the reference nets: the 10-neuron recurrent
 * QIF net (seed 3000) and the 5-6-5-3 theta net (seed 1000).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SimulatorBenchmark {
  @Param({"qif", "theta"})
  public String net;

  private CompiledNetwork compiled;
  private InputTrains inputs;
  private final EventSimulator sim = new EventSimulator(SimulationOptions.DEFAULT.withQifPseudospikes(2));
  private final EventLog log = new EventLog();
  private final SpikeTimeGradient gradient = new SpikeTimeGradient();
  private ParameterGradients grads;
  private double[] dSpike;
  private double[] dPseudo;

  @Setup
  public void setup() {
    ReferenceNets.Sample s = net.equals("qif") ? ReferenceNets.qifRecurrent(3000) : ReferenceNets.thetaFeedForward(1000);
    compiled = CompiledNetwork.fromProto(s.network());
    inputs = InputTrains.fromProto(s.input(), compiled.numInputs());
    sim.run(compiled, inputs, log);
    grads = new ParameterGradients(compiled, inputs.spikeCount());
    dSpike = new double[log.totalSpikes()];
    dPseudo = new double[log.totalPseudospikes()];
    Arrays.fill(dSpike, 1);
    Arrays.fill(dPseudo, 1);
  }

  @Benchmark
  public EventLog forward() {
    return sim.run(compiled, inputs, log);
  }

  @Benchmark
  public double forwardBackward() {
    sim.run(compiled, inputs, log);
    grads.clear();
    gradient.backward(log, dSpike, dPseudo, grads);
    return grads.weights()[0];
  }
}
