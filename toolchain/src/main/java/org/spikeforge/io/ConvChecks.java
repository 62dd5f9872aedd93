package org.spikeforge.io;

import java.util.List;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Projection;

/**
 * The feature-map rules of {@link NetworkValidator}: {@link MapShape}s that match their sizes, and
 * Conv2d / SumPool2d projections whose kernel, stride, padding, channels, output size and weight
 * count agree with their shaped source and target (formulas in network.proto). Kept apart so that
 * the validator stays readable; every problem is collected, none stops the others.
 */
final class ConvChecks {
  private ConvChecks() {}

  /** A shape is absent when unset or all zero (a flat population). */
  static boolean present(MapShape s) {
    return s.getChannels() != 0 || s.getHeight() != 0 || s.getWidth() != 0;
  }

  /** Every dimension >= 1 and channels*height*width equal to {@code size} (or {@code size - 1} if allowed). */
  static void checkShape(MapShape s, long size, boolean biasAllowed, String field, List<ValidationProblem> out) {
    if (!present(s)) {
      return;
    }
    if (s.getChannels() < 1 || s.getHeight() < 1 || s.getWidth() < 1) {
      out.add(new ValidationProblem(field, dims(s) + ", every dimension must be >= 1 (or all 0 for no shape)"));
      return;
    }
    long product = (long) s.getChannels() * s.getHeight() * s.getWidth();
    if (product != size && !(biasAllowed && product == size - 1)) {
      String what = biasAllowed
          ? "num_inputs = " + size + " (or num_inputs - 1 = " + (size - 1) + " with a bias channel)"
          : "size = " + size;
      out.add(new ValidationProblem(field, dims(s) + " = " + product + " neurons, expected " + what));
    }
  }

  /**
   * Checks a conv2d or sum_pool2d projection. {@code source}/{@code target} are the shapes (null when
   * the population is unknown, already reported); {@code sourceField}/{@code targetField} name where
   * the shape lives, for the message.
   */
  static void checkProjection(Network net, Projection proj, String at, MapShape source, String sourceField,
      MapShape target, String targetField, List<ValidationProblem> out) {
    boolean conv = proj.hasConv2D();
    String kind = conv ? "conv2d" : "sum_pool2d";
    String f = at + "." + kind;
    if (proj.getSource().equals(proj.getTarget())) {
      out.add(new ValidationProblem(f, "set on a recurrent projection ('" + proj.getSource()
          + "' onto itself); recurrent projections must be dense"));
      return;
    }
    int kh;
    int kw;
    int sh;
    int sw;
    int ph;
    int pw;
    if (conv) {
      var c = proj.getConv2D();
      kh = c.getKernelH(); kw = c.getKernelW(); sh = c.getStrideH(); sw = c.getStrideW();
      ph = c.getPadH(); pw = c.getPadW();
    } else {
      var c = proj.getSumPool2D();
      kh = c.getKernelH(); kw = c.getKernelW(); sh = c.getStrideH(); sw = c.getStrideW();
      ph = c.getPadH(); pw = c.getPadW();
    }
    boolean ok = kernel(f, "h", kh, sh, ph, out) & kernel(f, "w", kw, sw, pw, out);
    int strideH = sh == 0 ? (conv ? 1 : kh) : sh;
    int strideW = sw == 0 ? (conv ? 1 : kw) : sw;
    if (conv) {
      weightCount(proj, at, source, target, kh, kw, out);
    } else if (proj.getWeightsCount() != 1) {
      out.add(new ValidationProblem(at + ".weights", proj.getWeightsCount()
          + " values, a sum_pool2d projection has exactly 1 (its fixed weight)"));
    }
    if (source != null && !present(source)) {
      out.add(new ValidationProblem(at + ".source", "'" + proj.getSource() + "' has no " + sourceField
          + "; a " + kind + " projection needs a shaped source"));
    }
    if (target != null && !present(target)) {
      out.add(new ValidationProblem(at + ".target", "'" + proj.getTarget() + "' has no " + targetField
          + "; a " + kind + " projection needs a shaped target"));
    }
    if (source == null || target == null || !present(source) || !present(target)) {
      return;
    }
    if (!conv && source.getChannels() != target.getChannels()) {
      out.add(new ValidationProblem(f, "target '" + proj.getTarget() + "' " + targetField + ".channels = "
          + target.getChannels() + ", must equal source channels = " + source.getChannels()
          + " (pooling keeps channels)"));
    }
    if (ok) {
      outputSize(f, "height", "h", source.getHeight(), kh, strideH, ph, target.getHeight(), proj, targetField, out);
      outputSize(f, "width", "w", source.getWidth(), kw, strideW, pw, target.getWidth(), proj, targetField, out);
    }
  }

  private static boolean kernel(String f, String axis, int k, int s, int p, List<ValidationProblem> out) {
    boolean ok = true;
    if (k < 1) {
      out.add(new ValidationProblem(f + ".kernel_" + axis, k + ", must be >= 1"));
      ok = false;
    }
    if (s < 0) {
      out.add(new ValidationProblem(f + ".stride_" + axis, s + ", must be >= 0 (0 = default)"));
      ok = false;
    }
    if (p < 0 || (k >= 1 && p >= k)) {
      out.add(new ValidationProblem(f + ".pad_" + axis, p + ", must satisfy 0 <= pad_" + axis
          + " < kernel_" + axis + " = " + k));
      ok = false;
    }
    return ok;
  }

  private static void outputSize(String f, String dim, String axis, int in, int k, int s, int p, int got,
      Projection proj, String targetField, List<ValidationProblem> out) {
    long span = (long) in + 2L * p - k;
    if (span < 0) {
      out.add(new ValidationProblem(f + ".kernel_" + axis, k + ", larger than the source " + dim + " " + in
          + " + 2*pad_" + axis + " " + p));
      return;
    }
    long expected = span / s + 1;
    if (expected != got) {
      out.add(new ValidationProblem(f, "output " + dim + " (" + in + " + 2*" + p + " - " + k + ") / " + s
          + " + 1 = " + expected + ", but target '" + proj.getTarget() + "' " + targetField + "." + dim
          + " = " + got));
    }
  }

  private static void weightCount(Projection proj, String at, MapShape source, MapShape target, int kh, int kw,
      List<ValidationProblem> out) {
    if (source == null || target == null || !present(source) || !present(target) || kh < 1 || kw < 1) {
      return;
    }
    long expected = (long) target.getChannels() * source.getChannels() * kh * kw;
    if (proj.getWeightsCount() != expected) {
      out.add(new ValidationProblem(at + ".weights", proj.getWeightsCount() + " values, expected out*in*kh*kw = "
          + target.getChannels() + "*" + source.getChannels() + "*" + kh + "*" + kw + " = " + expected));
    }
  }

  private static String dims(MapShape s) {
    return s.getChannels() + "x" + s.getHeight() + "x" + s.getWidth();
  }
}
