package org.spikeforge.emulator;

import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Trace;

/**
 * Runs a {@link HardwareConfig} cycle by cycle with the target's integer semantics (docs/TARGET-SEMANTICS.md)
 * and returns what the hardware would emit. For many samples compile once with {@link #compile} and reuse one
 * {@link EmulatorSession} per thread.
 */
public final class Emulator {
  private Emulator() {}

  /** Validates and compiles {@code cfg}. */
  public static CompiledConfig compile(HardwareConfig cfg) {
    return CompiledConfig.compile(cfg);
  }

  /**
   * Runs {@code cfg} for {@code steps} steps on {@code in}.
   *
   * @param record state variables to record per step ({@link RecordSpec#none()} for spikes only)
   * @return per layer spikes as steps (repeated per spike), source {@code "emulator:<target>"}
   * @throws ConfigException if the config, the input or the record request is invalid
   */
  public static Trace run(HardwareConfig cfg, InputSpikes in, long steps, RecordSpec record) {
    return compile(cfg).newSession().run(in, steps, record);
  }
}
