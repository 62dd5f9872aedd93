package org.spikeforge.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the CLI: exit code and everything written to stdout and stderr. */
record CliResult(int exitCode, String out, String err) {
  static CliResult run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SpikeForgeCli.run(new PrintWriter(out), new PrintWriter(err), args);
    return new CliResult(code, out.toString(), err.toString());
  }

  /** The last non-empty line of stdout. */
  String lastOutLine() {
    String[] lines = out.strip().split("\\R");
    return lines[lines.length - 1];
  }
}
