package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The launcher registers only the subcommand it runs (issue 18 item 13: building every command's model was most of
 * {@code version}'s start-up); every other way in still sees them all, and every help text renders cleanly.
 */
class CommandRegistrationTest {
  @Test
  void aNamedSubcommandIsRegisteredAlone() {
    assertEquals(List.of("version"), new ArrayList<>(SpikeForgeCli.commandLine("version").getSubcommands().keySet()));
    assertEquals(List.of("train"),
        new ArrayList<>(SpikeForgeCli.commandLine("--verbose", "train", "--epochs", "3").getSubcommands().keySet()));
  }

  @Test
  void usageHelpAndTyposSeeEveryCommand() {
    int all = SpikeForgeCli.commandLine().getSubcommands().size();
    assertTrue(all >= 20, all + " subcommands");
    for (String[] args : new String[][] {{}, {"--help"}, {"help", "compile"}, {"trian"}}) {
      assertEquals(all, SpikeForgeCli.commandLine(args).getSubcommands().size(), String.join(" ", args));
    }
    CliResult r = CliResult.run("version");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("spikeforge "), r.out());
  }

  /** A stray '%' in a description makes picocli print a warning instead of the text; none may. */
  @Test
  void everyHelpTextFormatsWithoutPicocliWarnings() {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    StringBuilder usage = new StringBuilder();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      for (Map.Entry<String, CommandLine> e : SpikeForgeCli.commandLine().getSubcommands().entrySet()) {
        usage.append(e.getValue().getUsageMessage());
      }
    } finally {
      System.setErr(saved);
    }
    String warnings = err.toString(StandardCharsets.UTF_8);
    assertFalse(warnings.contains("picocli WARN"), warnings);
    assertTrue(usage.toString().contains("--weight-bits"), "the compile help was rendered");
  }
}
