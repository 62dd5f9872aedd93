package org.spikeforge.cli.demo;

import java.nio.file.Path;
import org.spikeforge.cli.TraceSummary;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.plot.SpikeRaster;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Trace;
import org.spikeforge.sim.NetworkSimulator;

/**
 * Demo stage 1: writes the example theta network and its input sample, reads them back through the
 * validating readers, simulates exactly, and writes the trace and a spike raster.
 */
final class SimulateExampleStage implements DemoStage {
  @Override
  public String name() {
    return "simulate";
  }

  @Override
  public String description() {
    return "exact event-based simulation of the example theta network (examples/" + ExampleNetwork.NAME + ")";
  }

  @Override
  public StageOutcome run(DemoContext context) {
    Path netFile = context.workDir().resolve(ExampleNetwork.NAME + ".net.json");
    Path inputFile = context.workDir().resolve(ExampleNetwork.NAME + ".spikes.json");
    Path traceFile = context.workDir().resolve(ExampleNetwork.NAME + ".trace.json");
    Path rasterFile = context.workDir().resolve(ExampleNetwork.NAME + "-raster.png");
    ProtoFiles.write(netFile, ExampleNetwork.network());
    ProtoFiles.write(inputFile, ExampleNetwork.inputs());
    Network net = ProtoFiles.readNetwork(netFile);
    InputSpikes inputs = ProtoFiles.readInputSpikes(inputFile, net.getNumInputs());
    Trace trace = NetworkSimulator.simulate(net, inputs);
    ProtoFiles.write(traceFile, trace);
    SpikeRaster.write(rasterFile, net.getName() + ": spikes", SpikeRaster.groups(inputs, trace), net.getTrialEnd());
    context.putArtifact(DemoContext.NETWORK, netFile);
    context.putArtifact(DemoContext.INPUTS, inputFile);
    context.putArtifact(DemoContext.TRACE, traceFile);
    TraceSummary.lines(trace).forEach(line -> context.out().println("      " + line));
    return StageOutcome.passed("wrote " + traceFile + " and " + rasterFile);
  }
}
