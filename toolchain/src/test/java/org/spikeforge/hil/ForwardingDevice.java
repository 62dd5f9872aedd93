package org.spikeforge.hil;

import java.util.List;
import org.spikeforge.hw.device.Capabilities;
import org.spikeforge.hw.device.Device;
import org.spikeforge.hw.device.LayerShape;
import org.spikeforge.hw.device.Mismatch;
import org.spikeforge.hw.device.WeightMatrix;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Trace;

/**
 * A test adapter in front of a real board: every abstract {@link Device} call goes to {@link #delegate()}, so a test
 * overrides only the call it changes or counts. Device's default methods (the indexed-write fallback) stay defaults,
 * and {@link #close()} leaves the board open for its owner.
 */
interface ForwardingDevice extends Device {
  Device delegate();

  @Override
  default String boardId() {
    return delegate().boardId();
  }

  @Override
  default Capabilities capabilities() {
    return delegate().capabilities();
  }

  @Override
  default void load(HardwareConfig config) {
    delegate().load(config);
  }

  @Override
  default List<LayerShape> layers() {
    return delegate().layers();
  }

  @Override
  default Trace run(InputSpikes input, long steps) {
    return delegate().run(input, steps);
  }

  @Override
  default Trace trial(InputSpikes input, long steps) {
    return delegate().trial(input, steps);
  }

  @Override
  default void reset() {
    delegate().reset();
  }

  @Override
  default void writeWeights(String layer, WeightMatrix matrix, int offset, int[] values) {
    delegate().writeWeights(layer, matrix, offset, values);
  }

  @Override
  default int[] readWeights(String layer, WeightMatrix matrix, int offset, int count) {
    return delegate().readWeights(layer, matrix, offset, count);
  }

  @Override
  default void setProbing(boolean enabled) {
    delegate().setProbing(enabled);
  }

  @Override
  default void setMismatch(Mismatch mismatch) {
    delegate().setMismatch(mismatch);
  }

  @Override
  default void close() {
  }
}
