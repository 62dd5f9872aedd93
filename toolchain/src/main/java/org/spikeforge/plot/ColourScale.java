package org.spikeforge.plot;

import java.awt.Color;
import java.util.List;

/**
 * A linear colour scale over [min, max] through equally spaced colour stops: values at or below {@code min} get the
 * first stop, values at or above {@code max} the last. This is the rule XChart's (non-piecewise) heat maps apply to
 * a series' min and max, so a scale handed to {@link ConfusionMatrixPlot} says exactly which colour each cell gets.
 * Counts start at the first stop (white): an empty cell must look empty, not like a hot spot.
 */
public record ColourScale(double min, double max, List<Color> stops) {
  /** White through light blue to a mid blue dark enough to stand out and light enough for black numbers. */
  public static final List<Color> BLUES = List.of(Color.WHITE, new Color(0x9ecae1), new Color(0x3182bd));

  public ColourScale {
    if (stops.size() < 2) {
      throw new IllegalArgumentException("a colour scale needs at least 2 stops, got " + stops.size());
    }
    if (!(max > min)) {
      throw new IllegalArgumentException("colour scale needs min < max, got [" + min + ", " + max + "]");
    }
    stops = List.copyOf(stops);
  }

  /** The colour of {@code value}. */
  public Color colour(double value) {
    if (value <= min) {
      return stops.get(0);
    }
    if (value >= max) {
      return stops.get(stops.size() - 1);
    }
    double f = (value - min) / (max - min) * (stops.size() - 1);
    int i = (int) Math.floor(f);
    double t = f - i;
    Color a = stops.get(i);
    Color b = stops.get(i + 1);
    return new Color(mix(a.getRed(), b.getRed(), t), mix(a.getGreen(), b.getGreen(), t), mix(a.getBlue(), b.getBlue(), t));
  }

  private static int mix(int a, int b, double t) {
    return (int) Math.round(a + (b - a) * t);
  }
}
