package org.spikeforge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  private static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(data);
    return b.array();
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
      g.write(raw);
    }
    return bo.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private static byte[] pixels(int n) {
    byte[] p = new byte[n];
    for (int i = 0; i < n; i++) {
      p[i] = (byte) (i * 37);
    }
    return p;
  }

  @Test
  void readsRawAndGzippedFiles() throws IOException {
    Path img = write("train-images-idx3-ubyte", idx(0x803, new int[] {3, 2, 2}, pixels(12)));
    Path lab = write("train-labels-idx1-ubyte.gz", gzip(idx(0x801, new int[] {3}, new byte[] {7, 0, 9})));
    ImageSet s = IdxReader.read(img, lab, 10);
    assertEquals(3, s.size());
    assertEquals(2, s.rows());
    assertEquals(4, s.width());
    assertEquals(9, s.label(2));
    assertEquals((5 * 37) & 0xff, s.pixel(1, 1));
    assertEquals(((5 * 37) & 0xff) / 255.0, s.value(1, 1), 0);
  }

  private String error(byte[] images, byte[] labels) throws IOException {
    Path img = write("i-idx3-ubyte", images);
    Path lab = write("l-idx1-ubyte", labels);
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(img, lab, 10));
    assertFalse(e.getMessage().contains("\n"));
    return e.getMessage();
  }

  @Test
  void corruptFilesGiveOneLineErrorsNamingFileAndProblem() throws IOException {
    byte[] goodLabels = idx(0x801, new int[] {3}, new byte[] {1, 2, 3});
    byte[] goodImages = idx(0x803, new int[] {3, 2, 2}, pixels(12));
    String m = error(idx(0x12345678, new int[] {3, 2, 2}, pixels(12)), goodLabels);
    assertTrue(m.contains("i-idx3-ubyte") && m.contains("bad magic number 0x12345678"), m);
    m = error(idx(0x0903, new int[] {3, 2, 2}, pixels(12)), goodLabels);
    assertTrue(m.contains("element type 0x09"), m);
    m = error(idx(0x801, new int[] {3}, pixels(3)), goodLabels);
    assertTrue(m.contains("1 dimensions") && m.contains("expected 3"), m);
    m = error(Arrays.copyOf(goodImages, goodImages.length - 5), goodLabels);
    assertTrue(m.contains("i-idx3-ubyte: truncated, 7 data bytes") && m.contains("need 12"), m);
    m = error(Arrays.copyOf(goodImages, goodImages.length + 2), goodLabels);
    assertTrue(m.contains("2 trailing bytes"), m);
    m = error(idx(0x803, new int[] {3, 0, 2}, new byte[0]), goodLabels);
    assertTrue(m.contains("dimension 1 is 0"), m);
    m = error(goodImages, idx(0x801, new int[] {2}, new byte[] {1, 2}));
    assertTrue(m.contains("3 images but") && m.contains("has 2 labels"), m);
    m = error(goodImages, idx(0x801, new int[] {3}, new byte[] {1, 12, 3}));
    assertTrue(m.contains("label 12 of sample 1"), m);
    m = error(new byte[] {0, 0}, goodLabels);
    assertTrue(m.contains("too short"), m);
  }

  @Test
  void truncatedGzipAndMissingFiles() throws IOException {
    byte[] gz = gzip(idx(0x803, new int[] {3, 2, 2}, pixels(12)));
    Path img = write("x-idx3-ubyte.gz", Arrays.copyOf(gz, gz.length - 10));
    Path lab = write("y-idx1-ubyte", idx(0x801, new int[] {3}, new byte[] {1, 2, 3}));
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(img, lab, 10));
    assertTrue(e.getMessage().contains("x-idx3-ubyte.gz: truncated gzip"), e.getMessage());
    Path notGz = write("z-idx3-ubyte.gz", new byte[] {1, 2, 3, 4, 5});
    e = assertThrows(DatasetException.class, () -> IdxReader.read(notGz, lab, 10));
    assertTrue(e.getMessage().contains("not a valid gzip file"), e.getMessage());
    e = assertThrows(DatasetException.class, () -> IdxDirectory.load(dir));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte[.gz]: file not found"), e.getMessage());
    e = assertThrows(DatasetException.class, () -> IdxDirectory.load(dir.resolve("nope")));
    assertTrue(e.getMessage().contains("nope: dataset directory not found"), e.getMessage());
  }

  @Test
  void loadsDebianFashionMnist() {
    assumeTrue(Files.isDirectory(IdxDirectory.FASHION_MNIST_DIR), "dataset-fashion-mnist not installed");
    IdxDirectory.TrainTest tt = IdxDirectory.load(IdxDirectory.FASHION_MNIST_DIR);
    assertEquals(60000, tt.train().size());
    assertEquals(10000, tt.test().size());
    assertEquals(28, tt.train().rows());
    int[] train = new int[10];
    int[] test = new int[10];
    for (int i = 0; i < tt.train().size(); i++) {
      train[tt.train().label(i)]++;
    }
    for (int i = 0; i < tt.test().size(); i++) {
      test[tt.test().label(i)]++;
    }
    // Fashion-MNIST is exactly balanced: 6000 / 1000 images per class.
    for (int c = 0; c < 10; c++) {
      assertEquals(6000, train[c]);
      assertEquals(1000, test[c]);
    }
  }
}
