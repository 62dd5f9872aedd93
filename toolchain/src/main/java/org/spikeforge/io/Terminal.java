package org.spikeforge.io;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether stderr goes to a person at a terminal. Progress is drawn as a live bar only then; in logs ({@code CI=true},
 * {@code TERM=dumb}, stderr or stdout redirected) it is plain lines, because a carriage-return bar in a log file is
 * one long line cut mid-word.
 */
public final class Terminal {
  private Terminal() {}

  /** True on an interactive terminal; false with {@code CI=true}, {@code TERM=dumb} or without a console. */
  public static boolean interactive() {
    if ("true".equalsIgnoreCase(System.getenv("CI")) || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    Console console = System.console();
    if (console == null) {
      return false;
    }
    // JDK 22+ returns a Console even when redirected; isTerminal() tells the truth there.
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
