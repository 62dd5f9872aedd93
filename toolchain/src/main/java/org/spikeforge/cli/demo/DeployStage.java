package org.spikeforge.cli.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.EmulatorSession;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.hil.BoardSelector;
import org.spikeforge.hw.device.BoardLibrary;
import org.spikeforge.hw.device.Device;
import org.spikeforge.hw.quant.InputQuantizer;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.proto.Trace;
import org.spikeforge.verify.EncodedData;

/**
 * Demo stage 6: loads each compiled config onto the C reference board through JNA ({@code refboard}, the first
 * of its boards of the config's family) and runs the first Yin-Yang test samples on the board and in the
 * emulator, comparing the traces spike for spike ({@link TraceComparison}). The first sample's two traces are
 * written to {@code DIR/deploy}. Passes when every compared trace is identical.
 */
final class DeployStage implements DemoStage {
  @Override
  public String name() {
    return "deploy";
  }

  @Override
  public String description() {
    return "run the configs on the C reference board (JNA) and compare its traces with the emulator's";
  }

  @Override
  public StageOutcome run(DemoContext context) {
    DemoRecipe recipe = context.recipe();
    Network net = ProtoFiles.readNetwork(context.requireArtifact(DemoContext.TRAINED_NETWORK, "train"));
    SpikeDataset test = EncodedData.test(net, "yinyang");
    int samples = Math.min(recipe.deploySamples(), test.size());
    Path dir = context.subdirectory("deploy");
    boolean ok = true;
    List<String> parts = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (TargetFamily target : CompileStage.TARGETS) {
      HardwareConfig cfg = ProtoFiles.readHardwareConfig(
          context.requireArtifact(DemoContext.CONFIG_PREFIX + target, "compile"));
      EmulatorSession emulator = Emulator.compile(cfg).newSession();
      InputQuantizer quantizer = new InputQuantizer(cfg.getDt(), cfg.getNumSteps());
      double[] times = new double[test.numInputs()];
      int identical = 0;
      long spikes = 0;
      String firstDifference = null;
      String board;
      try (Device device = BoardSelector.open(BoardLibrary.REFBOARD, target)) {
        device.load(cfg);
        board = device.boardId();
        for (int i = 0; i < samples; i++) {
          test.inputTimes(i, times);
          InputSpikes in = quantizer.quantize(sample(times, test.label(i), net.getTrialEnd()));
          Trace onBoard = device.trial(in, cfg.getNumSteps());
          Trace emulated = emulator.run(in, cfg.getNumSteps(), RecordSpec.none());
          TraceComparison cmp = TraceComparison.of(emulated, onBoard);
          spikes += cmp.spikes();
          if (cmp.identical()) {
            identical++;
          } else if (firstDifference == null) {
            firstDifference = "sample " + i + ": " + cmp.firstDifference();
          }
          if (i == 0) {
            Path boardFile = dir.resolve(target + "-sample0.board.trace.pb");
            ProtoFiles.write(boardFile, onBoard);
            ProtoFiles.write(dir.resolve(target + "-sample0.emulator.trace.pb"), emulated);
            files.add(boardFile);
          }
        }
      }
      ok &= identical == samples;
      parts.add(String.format(Locale.ROOT, "%s on %s: %d/%d traces identical (%d spikes)", target, board, identical,
          samples, spikes) + (firstDifference == null ? "" : ", first difference " + firstDifference));
    }
    return StageOutcome.goal(ok, String.join(" | ", parts)).withFiles(files.toArray(Path[]::new));
  }

  /** One sample's input spikes as times; spikes after the trial end are dropped, as the float model does. */
  static InputSpikes sample(double[] times, int label, double trialEnd) {
    InputSpikes.Builder in = InputSpikes.newBuilder().setChannels(times.length).setLabel(label);
    for (double t : times) {
      SpikeTrain.Builder train = SpikeTrain.newBuilder();
      if (t <= trialEnd) {
        train.addTimes(t);
      }
      in.addTrains(train);
    }
    return in.build();
  }
}
