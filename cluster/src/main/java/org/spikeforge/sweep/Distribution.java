package org.spikeforge.sweep;

import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One random axis of a sweep: where the values of one option are drawn from. {@code uniform: [a, b]} and
 * {@code log-uniform: [a, b]} draw doubles, {@code int: [a, b]} an integer in [a, b] inclusive, {@code choice: [...]}
 * one of the listed values. Draws come from the sweep's own seeded stream, so a spec always gives the same trials.
 *
 * @param kind one of {@link #KINDS}
 * @param args the bounds (two numbers) or the choices
 */
public record Distribution(String kind, List<Object> args) implements Serializable {
  /** The distribution kinds a spec may name. */
  public static final List<String> KINDS = List.of("uniform", "log-uniform", "int", "choice");

  public Distribution {
    args = List.copyOf(args);
  }

  /**
   * Checks the arguments; {@code field} names the place in the spec for the message.
   *
   * @throws SweepSpecException for an unknown kind, no choices, or bounds that are not two ordered numbers
   */
  public static Distribution of(String kind, List<Object> args, String field) {
    if (!KINDS.contains(kind)) {
      throw new SweepSpecException(field + ": unknown distribution '" + kind + "' (choose " + String.join(", ", KINDS)
          + ")");
    }
    if (args.isEmpty()) {
      throw new SweepSpecException(field + ": no values");
    }
    if (!kind.equals("choice")) {
      if (args.size() != 2 || !(args.get(0) instanceof Number) || !(args.get(1) instanceof Number)) {
        throw new SweepSpecException(field + ": " + kind + " needs two numbers [low, high], got " + args);
      }
      double lo = ((Number) args.get(0)).doubleValue();
      double hi = ((Number) args.get(1)).doubleValue();
      if (!(lo <= hi) || kind.equals("log-uniform") && !(lo > 0)) {
        throw new SweepSpecException(field + ": " + kind + " bounds " + args + " must satisfy "
            + (kind.equals("log-uniform") ? "0 < low <= high" : "low <= high"));
      }
    }
    return new Distribution(kind, args);
  }

  /** One value drawn from {@code random}. */
  public Object draw(SplittableRandom random) {
    if (kind.equals("choice")) {
      return args.get(random.nextInt(args.size()));
    }
    double lo = ((Number) args.get(0)).doubleValue();
    double hi = ((Number) args.get(1)).doubleValue();
    return switch (kind) {
      case "uniform" -> lo + (hi - lo) * random.nextDouble();
      case "log-uniform" -> Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * random.nextDouble());
      default -> (long) Math.floor(lo) + random.nextLong((long) Math.floor(hi) - (long) Math.floor(lo) + 1);
    };
  }
}
