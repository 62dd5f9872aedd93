package org.spikeforge.hw.export;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Truncated and randomly mutated files must be refused with one line naming the file and a field;
 * no other exception may escape. A mutation that lands in bytes the reader ignores (padding, free
 * text) may be accepted; a truncation never is.
 */
class DamagedFileTest {
  private static final int MUTATIONS = 100;
  private static final int TRUNCATIONS = 40;

  @Test
  void damagedLavaGraphsAreRefused(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good.lava.pb");
    LavaGraphFiles.write(new LavaGraphExporter("test").export(DemoLoihi2Config.build(5, 4, 6, 3, 12), Map.of()), good);
    check(dir, good, "lava.pb", LavaGraphFiles::readConfig, 101);
  }

  @Test
  void damagedNetxFilesAreRefused(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good.net");
    NetxExporter.write(DemoLoihi2Config.build(5, 4, 6, 3, 12), good);
    check(dir, good, "net", NetxReader::read, 202);
  }

  @Test
  void damagedNirFilesAreRefused(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good.nir");
    NirExporter.write(NirExchangeTest.lifNetwork(3), 0.01, "test", good);
    check(dir, good, "nir", NirImporter::read, 303);
  }

  private static void check(Path dir, Path good, String ext, Consumer<Path> reader, long seed) throws Exception {
    byte[] bytes = Files.readAllBytes(good);
    reader.accept(good);
    SplittableRandom rng = new SplittableRandom(seed);
    int refused = 0;
    for (int t = 0; t < TRUNCATIONS + MUTATIONS; t++) {
      boolean truncate = t < TRUNCATIONS;
      byte[] bad = truncate ? Arrays.copyOf(bytes, rng.nextInt(bytes.length)) : mutate(bytes, rng);
      Path file = dir.resolve("bad" + t + "." + ext);
      Files.write(file, bad);
      try {
        reader.accept(file);
        assertFalse(truncate, "truncated file accepted: " + file);
      } catch (BadExchangeFileException e) {
        refused++;
        assertTrue(e.getMessage().startsWith(file.toString() + ": field "), e.getMessage());
        assertFalse(e.field().isEmpty());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
      } catch (RuntimeException | Error e) {
        fail("trial " + t + " (" + (truncate ? "truncated" : "mutated") + ") escaped as " + e, e);
      }
    }
    assertTrue(refused >= TRUNCATIONS, "refused " + refused);
  }

  private static byte[] mutate(byte[] bytes, SplittableRandom rng) {
    byte[] bad = bytes.clone();
    int n = 1 + rng.nextInt(4);
    for (int i = 0; i < n; i++) {
      bad[rng.nextInt(bad.length)] = (byte) rng.nextInt(256);
    }
    return bad;
  }
}
