package org.spikeforge.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.hw.export.BadExchangeFileException;
import org.spikeforge.hw.export.NetxReader;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.io.SpikeForgeIoException;
import org.spikeforge.train.Checkpoint;

/**
 * The exact one-line messages for the inputs the fuzzers (and reading the readers) found to break
 * the contract; each failed with an untyped exception or a two-line message before its fix.
 */
class FoundInputsTest {
  private static final String INPUTS = "/org/spikeforge/fuzz/";

  @TempDir Path dir;

  @Test
  void netxBiasBeyondInt32IsNamedNotAnArithmeticException() throws IOException {
    Path f = copy("ExchangeReadersFuzzTestInputs/netx/bias-beyond-int32", "x.net");
    BadExchangeFileException e = assertThrows(BadExchangeFileException.class, () -> NetxReader.read(f));
    assertEquals(f + ": field layer/1/bias: value 1099511627776 at [0] does not fit int32", e.getMessage());
  }

  @Test
  void jsonKeyWithALineBreakStaysOneLine() throws IOException {
    Path f = copy("ProtoReadersFuzzTestInputs/inputSpikesJson/crash-8dcd44efa244591d21f7e9ff25685d033f6e9dc5",
        "x.spikes.json");
    SpikeForgeIoException e = assertThrows(SpikeForgeIoException.class, () -> ProtoFiles.readInputSpikes(f, -1));
    assertEquals(f + ": cha?els: not a valid spikeforge.v1.InputSpikes JSON: Cannot find field: cha els"
        + " in message spikeforge.v1.InputSpikes", e.getMessage());
  }

  @Test
  void checkpointCountsAreCheckedBeforeAllocating() throws IOException {
    withCrc("negative-moment-count");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(dir));
    assertEquals(Checkpoint.file(dir) + ": damaged checkpoint: optimizer moments count -1 is negative", e.getMessage());
    withCrc("params-count-beyond-file");
    e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(dir));
    assertEquals(Checkpoint.file(dir) + ": damaged checkpoint: params count 268435456 needs 2147483648 bytes but"
        + " only 269 are left", e.getMessage());
  }

  private void withCrc(String name) throws IOException {
    byte[] body = resource("DataReadersFuzzTestInputs/trainingCheckpoint/" + name);
    CRC32 crc = new CRC32();
    crc.update(body);
    byte[] all = java.util.Arrays.copyOf(body, body.length + 8);
    for (int i = 0; i < 8; i++) {
      all[body.length + i] = (byte) (crc.getValue() >>> (56 - 8 * i));
    }
    Files.write(Checkpoint.file(dir), all);
  }

  private Path copy(String resource, String name) throws IOException {
    return Files.write(dir.resolve(name), resource(resource));
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = FoundInputsTest.class.getResourceAsStream(INPUTS + name)) {
      return in.readAllBytes();
    }
  }
}
