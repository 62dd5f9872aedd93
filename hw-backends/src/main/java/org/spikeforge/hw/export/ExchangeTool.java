package org.spikeforge.hw.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SpikeDataset;
import org.spikeforge.proto.SpikeTrain;

/**
 * Command-line entry used by {@code bench/lava_compat.sh} to drive the exporters without the
 * full {@code spikeforge} CLI. Subcommands: {@code demo-config}, {@code demo-inputs},
 * {@code demo-network}, {@code lava}, {@code netx}, {@code nir}, {@code nir-import}, {@code compile-loihi2}.
 */
public final class ExchangeTool {
  private ExchangeTool() {}

  public static void main(String[] args) throws IOException {
    try {
      run(args);
    } catch (BadExchangeFileException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
  }

  private static void run(String[] a) throws IOException {
    if (a.length == 0) {
      usage();
    }
    switch (a[0]) {
      case "demo-config" -> {
        need(a, 7);
        HardwareConfig cfg = DemoLoihi2Config.build(Long.parseLong(a[1]), Integer.parseInt(a[2]),
            Integer.parseInt(a[3]), Integer.parseInt(a[4]), Integer.parseInt(a[5]));
        if (a.length > 7 && "variant".equals(a[7])) {
          cfg = DemoLoihi2Config.variant(cfg);
        } else if (a.length > 7 && "saturating".equals(a[7])) {
          cfg = DemoLoihi2Config.saturating(cfg);
        }
        AtomicFiles.writeBytes(Path.of(a[6]), LavaGraphFiles.deterministicBytes(cfg));
      }
      case "demo-inputs" -> {
        need(a, 6);
        HardwareConfig cfg = HardwareConfig.parseFrom(Files.readAllBytes(Path.of(a[1])));
        SplittableRandom rng = new SplittableRandom(Long.parseLong(a[2]));
        int samples = Integer.parseInt(a[3]);
        double rate = Double.parseDouble(a[4]);
        SpikeDataset.Builder ds = SpikeDataset.newBuilder().setName("random-" + a[2]);
        for (int s = 0; s < samples; s++) {
          InputSpikes.Builder in = InputSpikes.newBuilder().setChannels(cfg.getNumInputs()).setLabel(-1);
          for (int c = 0; c < cfg.getNumInputs(); c++) {
            SpikeTrain.Builder t = SpikeTrain.newBuilder();
            for (long step = 0; step < cfg.getNumSteps(); step++) {
              if (rng.nextDouble() < rate) {
                t.addSteps(step);
              }
            }
            in.addTrains(t);
          }
          ds.addSamples(in);
        }
        AtomicFiles.writeBytes(Path.of(a[5]), ds.build().toByteArray());
      }
      case "demo-network" -> {
        need(a, 3);
        AtomicFiles.writeBytes(Path.of(a[2]), demoNetwork(Long.parseLong(a[1])).toByteArray());
      }
      case "lava" -> {
        need(a, 3);
        HardwareConfig cfg = HardwareConfig.parseFrom(Files.readAllBytes(Path.of(a[1])));
        Map<String, String> prov = new LinkedHashMap<>();
        for (int i = 3; i < a.length; i++) {
          String[] kv = a[i].split("=", 2);
          prov.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        prov.putIfAbsent("config_file", a[1]);
        LavaGraphFiles.write(new LavaGraphExporter(version()).export(cfg, prov), Path.of(a[2]));
      }
      case "netx" -> {
        need(a, 3);
        NetxExporter.write(HardwareConfig.parseFrom(Files.readAllBytes(Path.of(a[1]))), Path.of(a[2]));
      }
      case "nir" -> {
        need(a, 4);
        Network net = Network.parseFrom(Files.readAllBytes(Path.of(a[1])));
        NirExporter.write(net, Double.parseDouble(a[3]), version(), Path.of(a[2]));
      }
      case "nir-import" -> {
        need(a, 3);
        Network net = NirImporter.read(Path.of(a[1]));
        if (a.length > 3) {
          net = net.toBuilder().setTrialEnd(Double.parseDouble(a[3])).build();
        }
        AtomicFiles.writeBytes(Path.of(a[2]), net.toByteArray());
        System.out.println(com.google.protobuf.util.JsonFormat.printer().print(net));
      }
      case "compile-loihi2" -> {
        need(a, 4);
        Network net = Network.parseFrom(Files.readAllBytes(Path.of(a[1])));
        org.spikeforge.hw.quant.QuantSpec spec = org.spikeforge.hw.quant.QuantSpec.defaults(Double.parseDouble(a[2]));
        if (a.length > 4) {
          spec = spec.withWeightExp(Integer.parseInt(a[4]));
        }
        HardwareConfig cfg = new org.spikeforge.hw.targets.Loihi2Target().lower(net, spec,
            org.spikeforge.hw.quant.Calibration.none());
        AtomicFiles.writeBytes(Path.of(a[3]), cfg.toByteArray());
      }
      default -> usage();
    }
  }

  /** A small LIF_EXP network (3 -> 4 recurrent -> 2) for NIR checks. */
  static Network demoNetwork(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Network.Builder n = Network.newBuilder().setName("demo-lif").setModel(NeuronModel.LIF_EXP)
        .setParams(NeuronParams.newBuilder().setTau(2.0).setThreshold(0.75)).setTrialEnd(5.0).setNumInputs(3)
        .addPopulations(Population.newBuilder().setName("hidden").setSize(4))
        .addPopulations(Population.newBuilder().setName("out").setSize(2).setOutput(true));
    String[][] links = {{"input", "hidden", "4", "3"}, {"hidden", "hidden", "4", "4"}, {"hidden", "out", "2", "4"}};
    for (String[] l : links) {
      Projection.Builder p = Projection.newBuilder().setSource(l[0]).setTarget(l[1])
          .setRows(Integer.parseInt(l[2])).setCols(Integer.parseInt(l[3]));
      for (int i = 0; i < p.getRows() * p.getCols(); i++) {
        p.addWeights(rng.nextDouble(-1, 1));
      }
      n.addProjections(p);
    }
    return n.build();
  }

  private static String version() {
    String v = ExchangeTool.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  private static void need(String[] a, int n) {
    if (a.length < n) {
      usage();
    }
  }

  private static void usage() {
    System.err.println("""
        usage: ExchangeTool demo-config SEED INPUTS HIDDEN OUTPUTS STEPS OUT.hwcfg.pb [variant|saturating]
               ExchangeTool demo-inputs CFG.hwcfg.pb SEED SAMPLES RATE OUT.spikes.pb
               ExchangeTool demo-network SEED OUT.net.pb
               ExchangeTool lava CFG.hwcfg.pb OUT.lava.pb|OUT.lava.json [key=value provenance...]
               ExchangeTool netx CFG.hwcfg.pb OUT.net
               ExchangeTool nir NET.net.pb OUT.nir DT
               ExchangeTool nir-import IN.nir OUT.net.pb [TRIAL_END]
               ExchangeTool compile-loihi2 NET.net.pb DT OUT.hwcfg.pb [WEIGHT_EXP]""");
    System.exit(64);
  }
}
