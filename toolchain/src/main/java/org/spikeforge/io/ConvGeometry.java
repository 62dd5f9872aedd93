package org.spikeforge.io;

import java.util.List;
import org.spikeforge.proto.Conv2d;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SumPool2d;

/**
 * The validity rules of conv and pool projections (network.proto's Conv2d, SumPool2d and MapShape), in one place so
 * that the validator and, later, the engines and lowerings agree on one definition of a valid layer. Each problem is
 * named with its field and the limit it breaks.
 */
final class ConvGeometry {
  private ConvGeometry() {}

  /** Shape rules of a population or the input: all three positive and their product the neuron count. */
  static void checkShape(MapShape s, int size, String field, String sizeName, List<ValidationProblem> out) {
    if (!present(s)) {
      return;
    }
    if (s.getChannels() <= 0 || s.getHeight() <= 0 || s.getWidth() <= 0) {
      out.add(new ValidationProblem(field, shape(s) + ", channels, height and width must all be > 0"));
    } else if ((long) s.getChannels() * s.getHeight() * s.getWidth() != size) {
      out.add(new ValidationProblem(field, shape(s) + " = " + (long) s.getChannels() * s.getHeight() * s.getWidth()
          + " neurons, expected " + sizeName + " = " + size));
    }
  }

  /** Whether a shape is set (proto3 leaves an absent message at its default: all zero). */
  static boolean present(MapShape s) {
    return s.getChannels() != 0 || s.getHeight() != 0 || s.getWidth() != 0;
  }

  /**
   * The rules of one conv or pool projection {@code at}; {@code source} and {@code target} are the shapes of its
   * ends (absent shapes are reported here), {@code recurrent} whether it reads its own target.
   */
  static void checkProjection(Projection p, String at, MapShape source, String sourceName, MapShape target,
      boolean recurrent, List<ValidationProblem> out) {
    String kind = p.hasConv2D() ? "conv2d" : "sum_pool2d";
    if (recurrent) {
      out.add(new ValidationProblem(at + "." + kind, "a recurrent projection must be dense"));
      return;
    }
    int kh;
    int kw;
    int sh;
    int sw;
    int ph;
    int pw;
    if (p.hasConv2D()) {
      Conv2d c = p.getConv2D();
      kh = c.getKernelH();
      kw = c.getKernelW();
      sh = c.getStrideH() == 0 ? 1 : c.getStrideH();
      sw = c.getStrideW() == 0 ? 1 : c.getStrideW();
      ph = c.getPadH();
      pw = c.getPadW();
      checkWindow(at + ".conv2d", kh, kw, c.getStrideH(), c.getStrideW(), ph, pw, out);
    } else {
      SumPool2d c = p.getSumPool2D();
      kh = c.getKernelH();
      kw = c.getKernelW();
      sh = c.getStrideH() == 0 ? kh : c.getStrideH();
      sw = c.getStrideW() == 0 ? kw : c.getStrideW();
      ph = c.getPadH();
      pw = c.getPadW();
      checkWindow(at + ".sum_pool2d", kh, kw, c.getStrideH(), c.getStrideW(), ph, pw, out);
    }
    boolean sourceOk = present(source);
    boolean targetOk = present(target);
    if (!sourceOk) {
      out.add(new ValidationProblem(at + ".source", "'" + sourceName + "' has no shape ("
          + (sourceName.equals("input") ? "input_shape" : "populations[].shape")
          + "); a " + kind + " projection reads feature maps"));
    }
    if (!targetOk) {
      out.add(new ValidationProblem(at + ".target", "'" + p.getTarget() + "' has no shape (populations[].shape); a "
          + kind + " projection writes feature maps"));
    }
    if (p.hasConv2D()) {
      long expected = sourceOk && targetOk ? (long) target.getChannels() * source.getChannels() * kh * kw : -1;
      if (expected >= 0 && kh > 0 && kw > 0 && p.getWeightsCount() != expected) {
        out.add(new ValidationProblem(at + ".weights", p.getWeightsCount() + " values, expected out * in * kernel_h"
            + " * kernel_w = " + target.getChannels() + " * " + source.getChannels() + " * " + kh + " * " + kw
            + " = " + expected + " (layout out, in, kh, kw)"));
      }
    } else {
      if (p.getWeightsCount() != 1) {
        out.add(new ValidationProblem(at + ".weights", p.getWeightsCount()
            + " values, a sum_pool2d projection has exactly 1 (its fixed weight)"));
      }
      if (sourceOk && targetOk && source.getChannels() != target.getChannels()) {
        out.add(new ValidationProblem(at + ".target", "shape has " + target.getChannels()
            + " channels, expected the source's " + source.getChannels() + " (pooling keeps channels)"));
      }
    }
    if (sourceOk && targetOk && kh > 0 && kw > 0 && sh > 0 && sw > 0) {
      int oh = outSize(source.getHeight(), kh, sh, ph);
      int ow = outSize(source.getWidth(), kw, sw, pw);
      if (oh != target.getHeight() || ow != target.getWidth()) {
        out.add(new ValidationProblem(at + ".target", "shape is " + target.getHeight() + " x " + target.getWidth()
            + " (height x width), expected " + oh + " x " + ow + " = ((" + source.getHeight() + ", "
            + source.getWidth() + ") + 2 * pad - kernel) / stride + 1"));
      }
    }
  }

  /** The output size along one axis, (in + 2 pad - kernel) / stride + 1, floored; 0 or less when nothing fits. */
  static int outSize(int in, int kernel, int stride, int pad) {
    int span = in + 2 * pad - kernel;
    return span < 0 ? 0 : span / stride + 1;
  }

  private static void checkWindow(String at, int kh, int kw, int sh, int sw, int ph, int pw,
      List<ValidationProblem> out) {
    if (kh < 1) {
      out.add(new ValidationProblem(at + ".kernel_h", kh + ", must be >= 1"));
    }
    if (kw < 1) {
      out.add(new ValidationProblem(at + ".kernel_w", kw + ", must be >= 1"));
    }
    if (sh < 0) {
      out.add(new ValidationProblem(at + ".stride_h", sh + ", must be >= 0 (0: the default)"));
    }
    if (sw < 0) {
      out.add(new ValidationProblem(at + ".stride_w", sw + ", must be >= 0 (0: the default)"));
    }
    if (ph < 0 || (kh >= 1 && ph >= kh)) {
      out.add(new ValidationProblem(at + ".pad_h", ph + ", must be in [0, kernel_h - 1 = " + (kh - 1) + "]"));
    }
    if (pw < 0 || (kw >= 1 && pw >= kw)) {
      out.add(new ValidationProblem(at + ".pad_w", pw + ", must be in [0, kernel_w - 1 = " + (kw - 1) + "]"));
    }
  }

  private static String shape(MapShape s) {
    return s.getChannels() + " x " + s.getHeight() + " x " + s.getWidth();
  }

  /** The input's shape rule: channels * height * width is num_inputs, or num_inputs - 1 with a bias channel. */
  static void checkInputShape(Network net, List<ValidationProblem> out) {
    MapShape s = net.getInputShape();
    if (!present(s)) {
      return;
    }
    if (s.getChannels() <= 0 || s.getHeight() <= 0 || s.getWidth() <= 0) {
      out.add(new ValidationProblem("input_shape", shape(s) + ", channels, height and width must all be > 0"));
      return;
    }
    long n = (long) s.getChannels() * s.getHeight() * s.getWidth();
    boolean bias = net.getEncoding().getBiasSpike();
    long expected = bias ? net.getNumInputs() - 1L : net.getNumInputs();
    if (n != expected) {
      out.add(new ValidationProblem("input_shape", shape(s) + " = " + n + " inputs, expected num_inputs"
          + (bias ? " - 1 (the bias channel)" : "") + " = " + expected));
    }
  }
}
