package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;

/** Small seeded LIF_EXP networks and CLI helpers shared by the export and import command tests. */
final class ExchangeFixtures {
  private ExchangeFixtures() {}

  /**
   * 3 inputs -> 5 hidden -> 2 outputs, LIF_EXP with tau 1 and threshold 1 over a trial of 4, weights
   * uniform in [-1.5, 1.5) from {@code seed}; {@code recurrent} adds a hidden -> hidden projection.
   */
  static Network lifNetwork(long seed, boolean recurrent) {
    SplittableRandom rng = new SplittableRandom(seed);
    Network.Builder n = Network.newBuilder().setName("lif-" + seed).setModel(NeuronModel.LIF_EXP)
        .setParams(NeuronParams.newBuilder().setTau(1.0).setThreshold(1.0)).setTrialEnd(4.0).setNumInputs(3)
        .addPopulations(Population.newBuilder().setName("hidden").setSize(5))
        .addPopulations(Population.newBuilder().setName("out").setSize(2).setOutput(true));
    n.addProjections(projection(rng, "input", "hidden", 5, 3));
    if (recurrent) {
      n.addProjections(projection(rng, "hidden", "hidden", 5, 5));
    }
    n.addProjections(projection(rng, "hidden", "out", 2, 5));
    return n.build();
  }

  private static Projection projection(SplittableRandom rng, String src, String dst, int rows, int cols) {
    Projection.Builder p = Projection.newBuilder().setSource(src).setTarget(dst).setRows(rows).setCols(cols);
    for (int i = 0; i < rows * cols; i++) {
      p.addWeights(rng.nextDouble(-1.5, 1.5));
    }
    return p.build();
  }

  /** Writes {@code net} to {@code dir/name} and returns the path. */
  static Path write(Path dir, String name, Network net) {
    Path f = dir.resolve(name);
    ProtoFiles.write(f, net);
    return f;
  }

  /** Runs {@code spikeforge compile} in process and returns the config file. */
  static Path compile(Path net, String target, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("compile", "--network", net.toString(), "--target", target,
        "--out", out.toString()));
    args.addAll(List.of(extra));
    CliResult r = CliResult.run(args.toArray(new String[0]));
    assertEquals(0, r.exitCode(), r.err());
    return out;
  }

  /** Asserts a bad-input failure: exit code 2, nothing on stdout, exactly one line on stderr; returns it. */
  static String oneLineError(CliResult r) {
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertEquals("", r.out());
    String err = r.err().strip();
    assertTrue(!err.isEmpty() && !err.contains("\n"), "expected one line, got:\n" + r.err());
    return err;
  }
}
