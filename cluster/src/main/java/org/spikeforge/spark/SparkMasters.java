package org.spikeforge.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.regex.Pattern;
import org.spikeforge.sweep.SweepSpecException;

/**
 * Checks a Spark master URL before Spark sees it. Spark itself retries an unreachable standalone master for about a
 * minute and then fails with pages of log; a sweep instead says in one line that the master cannot be reached
 * (a TCP connect to each {@code spark://} host with a short timeout) or that the URL is not one Spark knows.
 */
public final class SparkMasters {
  private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[0-9]+)?])?");
  private static final int TIMEOUT_MS = 3000;

  private SparkMasters() {}

  /**
   * Returns {@code master} when usable.
   *
   * @throws SweepSpecException for an unknown form or a standalone master with no reachable host
   */
  public static String check(String master) {
    if (LOCAL.matcher(master).matches() || master.equals("yarn") || master.startsWith("k8s://")) {
      return master;
    }
    if (!master.startsWith("spark://")) {
      throw new SweepSpecException("--master " + master + ": not a Spark master (use local[N], local[*],"
          + " spark://HOST:PORT, yarn or k8s://URL)");
    }
    String last = "";
    for (String hostPort : master.substring("spark://".length()).split(",")) {
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0) {
        throw new SweepSpecException("--master " + master + ": '" + hostPort + "' needs HOST:PORT");
      }
      int port;
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new SweepSpecException("--master " + master + ": port '" + hostPort.substring(colon + 1)
            + "' is not a number");
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(hostPort.substring(0, colon), port), TIMEOUT_MS);
        return master;
      } catch (IOException | IllegalArgumentException e) {
        last = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
    }
    throw new SweepSpecException("--master " + master + ": unreachable (" + last + " within "
        + TIMEOUT_MS / 1000 + " s)");
  }
}
