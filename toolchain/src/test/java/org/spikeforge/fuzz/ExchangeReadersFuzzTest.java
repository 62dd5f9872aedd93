package org.spikeforge.fuzz;

import static org.spikeforge.fuzz.FuzzContract.check;
import static org.spikeforge.fuzz.FuzzContract.write;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.hw.export.BadExchangeFileException;
import org.spikeforge.hw.export.LavaGraphFiles;
import org.spikeforge.hw.export.NetxReader;
import org.spikeforge.hw.export.NirImporter;
import org.spikeforge.io.NetworkValidator;

/**
 * Fuzzes the readers of the exchange formats: netx HDF5, NIR HDF5 (then validated as a network, as
 * {@code import} does) and the Lava process graph in both encodings. Their typed error is
 * {@link BadExchangeFileException}, which {@code import} prints as one line with exit code 2.
 */
class ExchangeReadersFuzzTest {
  private static final FuzzContract.Typed BAD = new FuzzContract.Typed(BadExchangeFileException.class, true);

  @TempDir Path dir;

  @FuzzTest
  void netx(byte[] data) {
    Path f = write(dir, "x.net", data);
    check(f, () -> NetxReader.read(f), BAD);
  }

  @FuzzTest
  void nir(byte[] data) {
    Path f = write(dir, "x.nir", data);
    check(f, () -> NetworkValidator.problems(NirImporter.read(f)), BAD);
  }

  @FuzzTest
  void lavaBinary(byte[] data) {
    Path f = write(dir, "x.lava.pb", data);
    check(f, () -> LavaGraphFiles.readConfig(f), BAD);
  }

  @FuzzTest
  void lavaJson(byte[] data) {
    Path f = write(dir, "x.lava.json", data);
    check(f, () -> LavaGraphFiles.readConfig(f), BAD);
  }
}
