package org.spikeforge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spikeforge.io.DenseExpansion;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.plot.SpikeRaster;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Trace;
import org.spikeforge.sim.NetworkSimulator;
import org.spikeforge.sim.SimulationOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge simulate}: runs the exact event-based simulator on one sample and writes the
 * resulting trace (spikes in the trial and pseudospikes after it).
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Simulate a network exactly (event-based, closed forms) on one sample of input spikes.")
public final class SimulateCommand implements Callable<Integer> {
  @Option(names = {"-n", "--network"}, required = true, paramLabel = "NET", description = "Network file (*.net.pb or *.net.json).")
  Path network;

  @Option(names = {"-i", "--inputs"}, required = true, paramLabel = "SPIKES", description = "Input spikes (*.spikes.pb or *.spikes.json).")
  Path inputs;

  @Option(names = {"-o", "--out"}, required = true, paramLabel = "TRACE", description = "Trace to write (*.trace.pb or *.trace.json).")
  Path out;

  @Option(names = "--raster", paramLabel = "PNG", description = "Also draw a spike raster (input and every layer) to this PNG.")
  Path raster;

  @Option(names = "--max-events", paramLabel = "N", defaultValue = "10000000",
      description = "Stop a run-away simulation after N events (default: ${DEFAULT-VALUE}).")
  int maxEvents;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    if (maxEvents <= 0) {
      throw new ParameterException(spec.commandLine(), "--max-events must be > 0, got " + maxEvents);
    }
    Network net = ProtoFiles.readNetwork(network);
    boolean shaped = net.getProjectionsList().stream().anyMatch(p -> p.hasConv2D() || p.hasSumPool2D());
    net = DenseExpansion.expand(net, network); // the event engine reads kernels as the matrices they stand for
    InputSpikes spikes = ProtoFiles.readInputSpikes(inputs, net.getNumInputs());
    Trace trace = NetworkSimulator.simulate(net, spikes, SimulationOptions.DEFAULT.withMaxEvents(maxEvents));
    ProtoFiles.write(out, trace);
    int neurons = net.getPopulationsList().stream().mapToInt(p -> p.getSize()).sum();
    stdout.println("network " + net.getName() + " (" + net.getModel() + ", " + net.getNumInputs() + " inputs, "
        + neurons + " neurons), trial end " + net.getTrialEnd()
        + (shaped ? "; conv and pool layers run as their equivalent dense matrices" : ""));
    TraceSummary.lines(trace).forEach(stdout::println);
    if (raster != null) {
      SpikeRaster.write(raster, net.getName() + ": spikes", SpikeRaster.groups(spikes, trace), net.getTrialEnd());
      stdout.println("wrote " + raster);
    }
    stdout.println("wrote " + out);
    return ExitCodes.OK;
  }
}
