package org.spikeforge.cli.demo;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.spikeforge.io.AtomicFiles;

/**
 * A {@link PrintStream} for the library calls that log to one (training, hardware in the loop): it keeps every
 * line for the stage's log file and echoes the lines a filter selects to the demo's progress writer, indented,
 * so the terminal stays short.
 */
final class StageLog extends OutputStream {
  private final PrintWriter echo;
  private final Predicate<String> show;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final StringBuilder all = new StringBuilder();
  private final PrintStream stream = new PrintStream(this, true, StandardCharsets.UTF_8);

  /**
   * @param echo where selected lines go
   * @param show which lines to echo
   */
  StageLog(PrintWriter echo, Predicate<String> show) {
    this.echo = echo;
    this.show = show;
  }

  /** The stream to hand to the library. */
  PrintStream stream() {
    return stream;
  }

  @Override
  public void write(int b) {
    if (b == '\n') {
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      all.append(text).append('\n');
      if (show.test(text)) {
        echo.println("      " + text);
        echo.flush();
      }
    } else {
      line.write(b);
    }
  }

  /** Everything logged so far. */
  String text() {
    return all.toString();
  }

  /** Writes everything logged so far to {@code file}, atomically. */
  void writeTo(Path file) {
    stream.flush();
    AtomicFiles.write(file, all.toString().getBytes(StandardCharsets.UTF_8));
  }
}
