package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.io.SpikeStreamReader;
import org.spikeforge.io.SpikeStreamWriter;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.StateProbe;
import org.spikeforge.proto.Trace;
import org.spikeforge.proto.XyloIaf;
import org.spikeforge.verify.TinyNets;

/**
 * Issue 18 item 12: {@code emulate} with binary spike streams equals {@code emulate} with JSON spike for spike (and
 * both equal the emulator's own whole-run path), bad streams are one line with exit 2, and {@code deploy} and
 * {@code encode} speak the stream format.
 */
class EmulateStreamTest {
  @TempDir Path dir;

  /** 100 -> 40 -> 10 loihi2 with random 8-bit weights (the first layer fires often), output flagged. */
  private static HardwareConfig loihi2(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    HwLayer.Builder h = HwLayer.newBuilder().setName("h1").setSource("input").setSize(40).setFanIn(100)
        .setInputDelay(1).setLoihi2(Loihi2Lif.newBuilder().setDu(410).setDv(205).setVth(400).setNumWeightBits(8)
            .setSignMode(2));
    for (int i = 0; i < 40 * 100; i++) {
      h.addWeights(rnd.nextInt(-256, 256));
    }
    HwLayer.Builder o = HwLayer.newBuilder().setName("out").setSource("h1").setSize(10).setFanIn(40)
        .setInputDelay(1).setOutput(true).setLoihi2(Loihi2Lif.newBuilder().setDu(1000).setDv(300).setVth(100)
            .setNumWeightBits(8).setSignMode(2));
    for (int i = 0; i < 10 * 40; i++) {
      o.addWeights(rnd.nextInt(-100, 256));
    }
    return HardwareConfig.newBuilder().setTarget("loihi2").setFormatVersion("1").setNumInputs(100).setDt(1)
        .setNumSteps(3000).addLayers(h).addLayers(o).build();
  }

  /** xylo 16 -> 8 whose neurons emit several spikes per step (counts in the stream). */
  private static HardwareConfig xylo(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    XyloIaf.Builder p = XyloIaf.newBuilder().setDashSyn(2).setDashMem(3);
    for (int i = 0; i < 8; i++) {
      p.addThreshold(40).addBias(0);
    }
    HwLayer.Builder l = HwLayer.newBuilder().setName("out").setSource("input").setSize(8).setFanIn(16)
        .setOutput(true).setXylo(p);
    for (int i = 0; i < 8 * 16; i++) {
      l.addWeights(rnd.nextInt(-20, 128));
    }
    return HardwareConfig.newBuilder().setTarget("xylo").setFormatVersion("1").setNumInputs(16).setDt(1)
        .setNumSteps(500).addLayers(l).build();
  }

  /** Random steps, some channels twice in a step. */
  private static InputSpikes input(long seed, int channels, int steps) {
    SplittableRandom rnd = new SplittableRandom(seed);
    InputSpikes.Builder b = InputSpikes.newBuilder().setChannels(channels).setLabel(-1);
    for (int c = 0; c < channels; c++) {
      SpikeTrain.Builder t = SpikeTrain.newBuilder();
      for (int s = 0; s < steps; s++) {
        if (rnd.nextInt(10) == 0) {
          t.addSteps(s);
          if (rnd.nextInt(8) == 0) {
            t.addSteps(s);
          }
        }
      }
      b.addTrains(t);
    }
    return b.build();
  }

  private Trace emulate(Path cfg, Path in, String outName, String... extra) {
    Path out = dir.resolve(outName);
    List<String> args = new java.util.ArrayList<>(List.of("emulate", "--config", cfg.toString(), "--inputs",
        in.toString(), "--out", out.toString()));
    args.addAll(List.of(extra));
    CliResult r = CliResult.run(args.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
    return outName.endsWith(".bin") ? SpikeStreamReader.readTrace(out) : ProtoFiles.readTrace(out);
  }

  private static List<PopulationTrace> only(Trace t, String... names) {
    return t.getPopulationsList().stream().filter(p -> Arrays.asList(names).contains(p.getName())).toList();
  }

  @Test
  void binaryInAndOutEqualsJsonInAndOutSpikeForSpike() {
    for (HardwareConfig c : List.of(loihi2(3), xylo(4))) {
      String fam = c.getTarget();
      Path cfg = dir.resolve(fam + ".hwcfg.pb");
      ProtoFiles.write(cfg, c);
      InputSpikes in = input(5, c.getNumInputs(), (int) c.getNumSteps());
      Path json = dir.resolve(fam + ".spikes.json");
      Path bin = dir.resolve(fam + ".spikes.bin");
      ProtoFiles.write(json, in);
      SpikeStreamWriter.writeInputs(bin, in, c.getNumSteps(), c.getDt());
      Trace whole = Emulator.run(c, in, c.getNumSteps(), RecordSpec.none());
      String output = c.getLayers(c.getLayersCount() - 1).getName();
      long spikes = only(whole, output).get(0).getSpikesList().stream().mapToInt(SpikeTrain::getStepsCount).sum();
      assertTrue(spikes > 100, fam + " output spikes " + spikes);

      Trace jj = emulate(cfg, json, fam + "-jj.trace.json");
      Trace bb = emulate(cfg, bin, fam + "-bb.trace.bin");
      Trace jb = emulate(cfg, json, fam + "-jb.trace.bin");
      Trace bj = emulate(cfg, bin, fam + "-bj.trace.pb");
      // default: the output layer's spikes only, equal to the emulator's whole-run recorder
      assertEquals(only(whole, output), jj.getPopulationsList(), fam);
      for (Trace t : List.of(bb, jb, bj)) {
        assertEquals(jj.getPopulationsList(), t.getPopulationsList(), fam);
        assertEquals(jj.getSteps(), t.getSteps());
        assertEquals("emulator:" + fam, t.getSource());
      }
      // every layer with voltages: spikes and probes equal as well
      Trace ja = emulate(cfg, json, fam + "-ja.trace.json", "--record", "spikes,voltages", "--record-layer", "all");
      Trace ba = emulate(cfg, bin, fam + "-ba.trace.bin", "--record", "voltages", "--record-layer", "all");
      assertEquals(whole.getPopulationsList(), ja.getPopulationsList(), fam);
      assertEquals(ja.getPopulationsList(), ba.getPopulationsList(), fam);
      assertEquals(ja.getProbesList(), ba.getProbesList(), fam);
      int neurons = c.getLayersList().stream().mapToInt(HwLayer::getSize).sum();
      assertEquals(neurons, ba.getProbesCount());
      StateProbe first = ba.getProbes(0);
      assertEquals(fam.equals("xylo") ? "vmem" : "v", first.getVariable());
      RecordSpec one = RecordSpec.of(new RecordSpec.Probe(first.getPopulation(), first.getNeuron(),
          first.getVariable()));
      assertEquals(Emulator.run(c, in, c.getNumSteps(), one).getProbes(0), first, fam);
    }
  }

  @Test
  void recordNoneWritesNothingAndCountsEveryLayer() {
    HardwareConfig c = loihi2(3);
    Path cfg = dir.resolve("c.hwcfg.pb");
    ProtoFiles.write(cfg, c);
    Path bin = dir.resolve("in.spikes.bin");
    InputSpikes in = input(5, 100, 3000);
    SpikeStreamWriter.writeInputs(bin, in, 3000, 1);
    CliResult r = CliResult.run("emulate", "--config", cfg.toString(), "--inputs", bin.toString(), "--record", "none");
    assertEquals(0, r.exitCode(), r.err());
    Trace whole = Emulator.run(c, in, 3000, RecordSpec.none());
    for (PopulationTrace p : whole.getPopulationsList()) {
      long n = p.getSpikesList().stream().mapToInt(SpikeTrain::getStepsCount).sum();
      assertTrue(r.out().contains(p.getName() + ": " + n + " spikes"), r.out());
    }
    CliResult both = CliResult.run("emulate", "--config", cfg.toString(), "--inputs", bin.toString(), "--record",
        "none", "--out", dir.resolve("x.trace.bin").toString());
    assertEquals(ExitCodes.BAD_INPUT, both.exitCode());
    assertTrue(both.err().contains("--record none writes no trace"), both.err());
  }

  private static String oneLine(CliResult r) {
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.err());
    String e = r.err().strip();
    assertTrue(!e.isEmpty() && !e.contains("\n"), "one line expected: " + e);
    return e;
  }

  @Test
  void truncatedGarbageAndMismatchedStreamsAreOneLineExitTwo() throws Exception {
    HardwareConfig c = loihi2(3);
    Path cfg = dir.resolve("c.hwcfg.pb");
    ProtoFiles.write(cfg, c);
    Path good = dir.resolve("good.spikes.bin");
    SpikeStreamWriter.writeInputs(good, input(5, 100, 3000), 3000, 1);
    byte[] bytes = Files.readAllBytes(good);
    Path out = dir.resolve("t.trace.bin");

    Path cut = dir.resolve("cut.spikes.bin");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    String e = oneLine(CliResult.run("emulate", "--config", cfg.toString(), "--inputs", cut.toString(), "--out",
        out.toString()));
    assertTrue(e.startsWith("spikeforge emulate: " + cut + ": byte ") && e.contains("truncated"), e);
    assertTrue(Files.notExists(out), "no half-written trace");

    Path junk = dir.resolve("junk.spikes.bin");
    Files.writeString(junk, "{\"channels\": 100}");
    e = oneLine(CliResult.run("emulate", "--config", cfg.toString(), "--inputs", junk.toString(), "--out",
        out.toString()));
    assertEquals("spikeforge emulate: " + junk + ": byte 0: not a SpikeForge spike stream (the file does not start"
        + " with \"SFSS\")", e);

    Path narrow = dir.resolve("narrow.spikes.bin");
    SpikeStreamWriter.writeInputs(narrow, input(5, 7, 10), 10, 1);
    e = oneLine(CliResult.run("emulate", "--config", cfg.toString(), "--inputs", narrow.toString(), "--out",
        out.toString()));
    assertEquals("spikeforge emulate: " + narrow + ": channels: 7, expected the config's num_inputs = 100", e);

    Path traceAsInput = dir.resolve("tr.trace.bin");
    emulate(cfg, good, "tr.trace.bin");
    e = oneLine(CliResult.run("emulate", "--config", cfg.toString(), "--inputs", traceAsInput.toString(), "--out",
        out.toString()));
    assertEquals("spikeforge emulate: " + traceAsInput + ": is a trace stream, expected input spikes", e);

    e = oneLine(CliResult.run("emulate", "--config", cfg.toString(), "--inputs", good.toString(), "--out",
        out.toString(), "--record-layer", "h9"));
    assertTrue(e.startsWith("spikeforge emulate: --record-layer 'h9' is not a layer"), e);
  }

  @Test
  void deployOnTheReferenceBoardTakesBinaryInputsAndWritesBinaryTraces() {
    Path net = dir.resolve("lif.net.pb");
    ProtoFiles.write(net, TinyNets.lifConstantClass());
    Path cfgFile = dir.resolve("lif.hwcfg.pb");
    CliResult c = CliResult.run("compile", "--network", net.toString(), "--target", "loihi2", "--dt", "0.01",
        "--out", cfgFile.toString());
    assertEquals(0, c.exitCode(), c.err());
    HardwareConfig cfg = ProtoFiles.readHardwareConfig(cfgFile);
    // encode writes the stream from the config's dt: the bias spike at 0.15 becomes step 15
    Path bin = dir.resolve("s.spikes.bin");
    CliResult enc = CliResult.run("encode", "--network", net.toString(), "--dataset", "yinyang", "--index", "3",
        "--config", cfgFile.toString(), "--out", bin.toString());
    assertEquals(0, enc.exitCode(), enc.err());
    Path json = dir.resolve("s.spikes.json");
    assertEquals(0, CliResult.run("encode", "--network", net.toString(), "--dataset", "yinyang", "--index", "3",
        "--out", json.toString()).exitCode());
    InputSpikes stepped = DeployCommand.withSteps(ProtoFiles.readInputSpikes(json, 5), cfg.getDt(),
        cfg.getNumSteps());
    InputSpikes fromBin = SpikeStreamReader.readInputSpikes(bin, 5);
    assertEquals(15, fromBin.getTrains(4).getSteps(0));
    for (int ch = 0; ch < 5; ch++) {
      assertEquals(stepped.getTrains(ch).getStepsList(), fromBin.getTrains(ch).getStepsList(), "channel " + ch);
    }
    Path trace = dir.resolve("board.trace.bin");
    CliResult r = CliResult.run("deploy", "--config", cfgFile.toString(), "--device", "refboard", "--inputs",
        bin.toString(), "--out", trace.toString());
    assertEquals(0, r.exitCode(), r.err());
    Trace board = SpikeStreamReader.readTrace(trace);
    Trace emu = Emulator.run(cfg, stepped, cfg.getNumSteps(), RecordSpec.none());
    assertEquals(emu.getPopulationsList(), board.getPopulationsList());
    assertTrue(board.getPopulations(1).getSpikes(0).getStepsCount() > 0, "output 0 spikes");
    assertEquals(0, board.getPopulations(1).getSpikes(1).getStepsCount(), "output 1 gets no input");

    CliResult noCfg = CliResult.run("encode", "--network", net.toString(), "--dataset", "yinyang", "--out",
        dir.resolve("x.spikes.bin").toString());
    assertEquals(ExitCodes.BAD_INPUT, noCfg.exitCode());
    assertTrue(noCfg.err().contains("give --config CFG"), noCfg.err());
  }
}
