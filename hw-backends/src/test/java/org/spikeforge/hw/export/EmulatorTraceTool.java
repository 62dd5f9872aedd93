package org.spikeforge.hw.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.SpikeDataset;
import org.spikeforge.proto.Trace;

/**
 * Test-scope entry for {@code bench/lava_compat.sh}: runs the Java emulator on every sample of a
 * SpikeDataset and writes {@code sample<k>.trace.pb}, so the bench can hold real Lava's spikes
 * against the emulator's. (hw-backends may use the emulator in test scope only.)
 */
public final class EmulatorTraceTool {
  private EmulatorTraceTool() {}

  public static void main(String[] args) throws IOException {
    HardwareConfig cfg = HardwareConfig.parseFrom(Files.readAllBytes(Path.of(args[0])));
    SpikeDataset ds = SpikeDataset.parseFrom(Files.readAllBytes(Path.of(args[1])));
    Path out = Path.of(args[2]);
    Files.createDirectories(out);
    for (int k = 0; k < ds.getSamplesCount(); k++) {
      Trace t = Emulator.run(cfg, ds.getSamples(k), cfg.getNumSteps(), RecordSpec.none());
      Files.write(out.resolve("sample" + k + ".trace.pb"), t.toByteArray());
    }
  }
}
