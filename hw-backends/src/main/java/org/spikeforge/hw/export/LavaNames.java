package org.spikeforge.hw.export;

/** Lava's class paths, port names and process-name suffixes used by the Lava process graph. */
public final class LavaNames {
  private LavaNames() {}

  public static final String LIF = "lava.proc.lif.process.LIF";
  public static final String DENSE = "lava.proc.dense.process.Dense";
  public static final String DELAY_DENSE = "lava.proc.dense.process.DelayDense";
  public static final String CONV = "lava.proc.conv.process.Conv";
  public static final String SOURCE = "lava.proc.io.source.RingBuffer";
  public static final String SINK = "lava.proc.io.sink.RingBuffer";

  public static final String S_OUT = "s_out";
  public static final String S_IN = "s_in";
  public static final String A_OUT = "a_out";
  public static final String A_IN = "a_in";

  /** Name of the input source process. */
  public static final String INPUT = "input";
  static final String DENSE_SUFFIX = ".dense";
  static final String CONV_SUFFIX = ".conv";
  static final String RECURRENT_SUFFIX = ".rec";
  static final String LIF_SUFFIX = ".lif";
  static final String SINK_SUFFIX = ".sink";

  /** Lava's own SignMode numbering (lava.utils.weightutils.SignMode: NULL 0, MIXED 1, ...). */
  static int toLavaSignMode(int configSignMode) {
    return configSignMode - 1;
  }

  /** Our HardwareConfig numbering (hardware.proto: 1 NULL, 2 MIXED, 3 EXCITATORY, 4 INHIBITORY). */
  static int fromLavaSignMode(int lavaSignMode) {
    return lavaSignMode + 1;
  }
}
