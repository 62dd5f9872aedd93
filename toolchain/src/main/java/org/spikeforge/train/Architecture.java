package org.spikeforge.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spikeforge.ttfs.Connectivity;

/**
 * A network architecture written the way people say it, {@code conv5x5x16,pool2,conv5x5x32,pool2,dense10}: one
 * token per layer, from the input to the output. It is parsed once for its syntax (a typo fails before any data is
 * loaded) and resolved against the input shape into {@link Connectivity} layers, where every shape problem (a kernel
 * larger than its input, a pool that does not divide its input) is named with the layer's position and token.
 *
 * <ul>
 *   <li>{@code conv<KH>x<KW>x<C>[s<S>][p<P>]}: a 2-D convolution with C output channels, a KH×KW kernel, stride S
 *       (default 1) and zero padding P (default 0), e.g. {@code conv3x3x8s2p1};</li>
 *   <li>{@code pool<K>} or {@code pool<KH>x<KW>}: sum pooling over non-overlapping K×K windows (stride K) with a
 *       fixed weight; the window must divide its input;</li>
 *   <li>{@code dense<N>}: a dense layer of N neurons; after a shaped layer it reads the feature maps flattened in
 *       (channel, row, column) order. The last layer must be {@code dense<classes>}.</li>
 * </ul>
 *
 * @param layers the parsed layers, input side first
 */
public record Architecture(List<Layer> layers) {
  private static final Pattern CONV = Pattern.compile("conv(\\d+)x(\\d+)x(\\d+)(?:s(\\d+))?(?:p(\\d+))?");
  private static final Pattern POOL = Pattern.compile("pool(\\d+)(?:x(\\d+))?");
  private static final Pattern DENSE = Pattern.compile("dense(\\d+)");
  /** The grammar, for messages and help. */
  public static final String GRAMMAR = "conv<KH>x<KW>x<C>[s<stride>][p<pad>], pool<K>[x<K>] or dense<N>";

  public Architecture {
    layers = List.copyOf(layers);
  }

  /** One layer of the architecture, with the token it was written as. */
  public sealed interface Layer permits Conv, Pool, Dense {
    String token();
  }

  /** A convolution layer. */
  public record Conv(String token, int kernelH, int kernelW, int channels, int stride, int pad) implements Layer {}

  /** A sum-pooling layer with stride equal to its window. */
  public record Pool(String token, int kernelH, int kernelW) implements Layer {}

  /** A dense layer. */
  public record Dense(String token, int size) implements Layer {}

  /**
   * Parses {@code spec}; {@code source} names where it came from ({@code --arch}, a config file) in messages.
   *
   * @throws ConfigException naming the first token that does not parse
   */
  public static Architecture parse(String spec, String source) {
    if (spec == null || spec.isBlank()) {
      throw new ConfigException(source + ": arch is empty; write layers like conv5x5x16,pool2,dense10");
    }
    String[] tokens = spec.split(",");
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i].trim().toLowerCase(Locale.ROOT);
      String where = source + ": arch layer " + (i + 1) + " '" + tokens[i].trim() + "'";
      Matcher m;
      if ((m = CONV.matcher(t)).matches()) {
        layers.add(new Conv(t, positive(m.group(1), where, "kernel height"), positive(m.group(2), where,
            "kernel width"), positive(m.group(3), where, "channel count"),
            m.group(4) == null ? 1 : positive(m.group(4), where, "stride"),
            m.group(5) == null ? 0 : number(m.group(5), where, "padding")));
      } else if ((m = POOL.matcher(t)).matches()) {
        int kh = positive(m.group(1), where, "pool size");
        layers.add(new Pool(t, kh, m.group(2) == null ? kh : positive(m.group(2), where, "pool width")));
      } else if ((m = DENSE.matcher(t)).matches()) {
        layers.add(new Dense(t, positive(m.group(1), where, "layer size")));
      } else {
        throw new ConfigException(where + " is not " + GRAMMAR);
      }
    }
    if (!(layers.get(layers.size() - 1) instanceof Dense)) {
      throw new ConfigException(source + ": arch must end with the output layer dense<classes>, got '"
          + layers.get(layers.size() - 1).token() + "'");
    }
    return new Architecture(layers);
  }

  private static int number(String digits, String where, String what) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new ConfigException(where + ": " + what + " " + digits + " is too large");
    }
  }

  private static int positive(String digits, String where, String what) {
    int v = number(digits, where, what);
    if (v < 1) {
      throw new ConfigException(where + ": " + what + " must be >= 1, got " + v);
    }
    return v;
  }

  /** Whether the first layer reads the input as a feature map (so the input must have a shape and no bias). */
  public boolean shapedInput() {
    return !(layers.get(0) instanceof Dense);
  }

  /** Whether every layer is dense (the net is what {@code --hidden} can also say). */
  public boolean allDense() {
    return layers.stream().allMatch(l -> l instanceof Dense);
  }

  /** The hidden sizes of an {@link #allDense} architecture, its {@code --hidden} equivalent. */
  public int[] denseHiddenSizes() {
    if (!allDense()) {
      throw new IllegalStateException("not an all-dense architecture: " + layers);
    }
    return layers.subList(0, layers.size() - 1).stream().mapToInt(l -> ((Dense) l).size()).toArray();
  }

  /**
   * The layers wired onto an input of {@code channels × height × width} (a flat input is 1 × 1 × n) with
   * {@code classes} outputs; pools get the fixed weight {@code poolWeight}.
   *
   * @throws ConfigException naming the layer whose shape does not fit
   */
  public Connectivity[] resolve(int channels, int height, int width, int classes, double poolWeight,
      String source) {
    Connectivity[] out = new Connectivity[layers.size()];
    int c = channels;
    int h = height;
    int w = width;
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      String where = source + ": arch layer " + (i + 1) + " '" + layer.token() + "' on a " + c + "x" + h + "x" + w
          + " input";
      Connectivity k;
      if (layer instanceof Conv v) {
        if (v.kernelH() > h + 2 * v.pad() || v.kernelW() > w + 2 * v.pad()) {
          throw new ConfigException(where + ": the " + v.kernelH() + "x" + v.kernelW()
              + " kernel is larger than the padded input " + (h + 2 * v.pad()) + "x" + (w + 2 * v.pad()));
        }
        k = Connectivity.conv(c, h, w, v.channels(), v.kernelH(), v.kernelW(), v.stride(), v.stride(), v.pad(),
            v.pad());
      } else if (layer instanceof Pool p) {
        if (p.kernelH() > h || p.kernelW() > w || h % p.kernelH() != 0 || w % p.kernelW() != 0) {
          throw new ConfigException(where + ": a " + p.kernelH() + "x" + p.kernelW()
              + " pool must divide its input, and " + h + "x" + w + " is not a multiple");
        }
        k = Connectivity.pool(c, h, w, p.kernelH(), p.kernelW(), p.kernelH(), p.kernelW(), 0, 0, poolWeight);
      } else {
        Dense d = (Dense) layer;
        if (i == layers.size() - 1 && d.size() != classes) {
          throw new ConfigException(where + ": the output layer must have one neuron per class, " + classes
              + ", got " + d.size());
        }
        k = c == 1 && h == 1 ? Connectivity.dense(w, d.size()) : Connectivity.flatten(c, h, w, d.size());
      }
      out[i] = k;
      c = k.outC();
      h = k.outH();
      w = k.outW();
    }
    return out;
  }
}
