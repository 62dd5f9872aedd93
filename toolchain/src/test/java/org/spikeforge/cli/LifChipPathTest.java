package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.cli.demo.ExampleNetwork;
import picocli.CommandLine;

/** Issue 18 item 8: the path to a LIF chip is written where users look, and train says which epoch it saved. */
class LifChipPathTest {
  @TempDir Path dir;

  @Test
  void everyTrainOptionHasADescriptionWithItsDefault() {
    CommandLine cmd = new CommandLine(new TrainCommand());
    for (CommandLine.Model.OptionSpec o : cmd.getCommandSpec().options()) {
      String name = o.longestName().replaceFirst("^--", "");
      if (name.equals("help") || name.equals("version") || name.equals("config") || name.equals("resume")
          || name.equals("overwrite")) {
        continue;
      }
      String d = String.join(" ", o.description());
      assertTrue(d.contains("(default: "), o.longestName() + ": " + d);
    }
    String help = cmd.getUsageMessage().replaceAll("\\s+", " ");
    assertTrue(help.contains("learning rate (default: 0.005; with --model lif: 0.002)"), help);
    assertTrue(help.contains("--model lif --from-rest true"), help);
    assertTrue(help.contains("idx:DIR"), help);
  }

  @Test
  void compilingAThetaNetForALifChipSaysHowToTrainOne() {
    Path net = ExamplesTest.EXAMPLES.resolve(ExampleNetwork.NAME + ".net.json");
    for (String target : new String[] {"loihi2", "xylo"}) {
      CliResult r = CliResult.run("compile", "--network", net.toString(), "--target", target, "--out",
          dir.resolve("x.hwcfg.pb").toString());
      assertEquals(2, r.exitCode(), r.err());
      assertTrue(r.err().contains("train a LIF net: spikeforge train --model lif --from-rest true"), r.err());
    }
  }

  @Test
  void withoutRestoreBestTrainSaysItSavedTheLastEpoch() throws Exception {
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.out;
    CliResult r;
    try {
      System.setOut(new java.io.PrintStream(buf, true, "UTF-8"));
      r = CliResult.run("train", "--dataset", "yinyang", "--model", "lif", "--hidden", "3", "--epochs", "2",
          "--train-limit", "40", "--threads", "1", "--progress", "false", "--restore-best", "false", "--out",
          dir.resolve("r").toString());
    } finally {
      System.setOut(old);
    }
    assertEquals(0, r.exitCode(), r.err());
    String log = buf.toString("UTF-8");
    assertTrue(log.contains("saved the last epoch; best spikes-only epoch"), log);
    assertFalse(log.contains("saved the best"), log);
    assertTrue(Files.size(dir.resolve("r/checkpoint.bin")) > 0);
  }

  @Test
  void readmeWritesDownTheLifPathIdxCheckpointsAndResume() throws Exception {
    String readme = Files.readString(ExamplesTest.EXAMPLES.getParent().resolve("README.md"));
    for (String s : new String[] {"--model lif --from-rest true", "idx:DIR", "checkpoint.bin", "--resume",
        "--overwrite", "spikeforge encode"}) {
      assertTrue(readme.contains(s), "README lacks " + s);
    }
  }
}
