package org.spikeforge.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST ({@code *-idx3-ubyte} images, {@code *-idx1-ubyte} labels,
 * optionally gzip-compressed). Every structural property is checked (magic number, element type, dimension count,
 * positive dimensions, exact file length, label range, image/label count agreement) so that a corrupt or truncated
 * download fails with one line naming the file and what is wrong instead of producing garbage samples.
 */
public final class IdxReader {
  private static final int UNSIGNED_BYTE = 0x08;

  private IdxReader() {}

  /** Reads an image file and its label file and checks that they describe the same samples. */
  public static ImageSet read(Path images, Path labels, int numClasses) {
    Idx img = readIdx(images, 3);
    Idx lab = readIdx(labels, 1);
    if (img.dims[0] != lab.dims[0]) {
      throw new DatasetException(images + ": " + img.dims[0] + " images but " + labels + " has " + lab.dims[0]
          + " labels");
    }
    int n = lab.dims[0];
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      l[i] = lab.data[lab.offset + i] & 0xff;
      if (l[i] >= numClasses) {
        throw new DatasetException(labels + ": label " + l[i] + " of sample " + i + " is not below " + numClasses);
      }
    }
    byte[] pixels = new byte[n * img.dims[1] * img.dims[2]];
    System.arraycopy(img.data, img.offset, pixels, 0, pixels.length);
    return new ImageSet(pixels, l, img.dims[1], img.dims[2], numClasses);
  }

  private record Idx(byte[] data, int offset, int[] dims) {}

  private static Idx readIdx(Path file, int expectedDims) {
    byte[] bytes = readBytes(file);
    if (bytes.length < 4) {
      throw new DatasetException(file + ": only " + bytes.length + " bytes, too short for an IDX header");
    }
    int magic = ByteBuffer.wrap(bytes, 0, 4).getInt();
    if (bytes[0] != 0 || bytes[1] != 0) {
      throw new DatasetException(file + String.format(": bad magic number 0x%08x (IDX files start with 0x0000)",
          magic));
    }
    if ((bytes[2] & 0xff) != UNSIGNED_BYTE) {
      throw new DatasetException(file + String.format(": element type 0x%02x, expected 0x08 (unsigned byte)",
          bytes[2] & 0xff));
    }
    int nDims = bytes[3] & 0xff;
    if (nDims != expectedDims) {
      throw new DatasetException(file + ": " + nDims + " dimensions (magic " + String.format("0x%08x", magic)
          + "), expected " + expectedDims);
    }
    int header = 4 + 4 * nDims;
    if (bytes.length < header) {
      throw new DatasetException(file + ": truncated header, " + bytes.length + " bytes < " + header);
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int[] dims = new int[nDims];
    long expected = 1;
    for (int d = 0; d < nDims; d++) {
      dims[d] = buf.getInt(4 + 4 * d);
      if (dims[d] <= 0) {
        throw new DatasetException(file + ": dimension " + d + " is " + dims[d] + ", must be > 0");
      }
      expected *= dims[d];
    }
    long actual = bytes.length - header;
    if (actual < expected) {
      throw new DatasetException(file + ": truncated, " + actual + " data bytes but dimensions "
          + java.util.Arrays.toString(dims) + " need " + expected);
    }
    if (actual > expected) {
      throw new DatasetException(file + ": " + (actual - expected) + " trailing bytes after the "
          + expected + " data bytes of dimensions " + java.util.Arrays.toString(dims));
    }
    return new Idx(bytes, header, dims);
  }

  private static byte[] readBytes(Path file) {
    try (InputStream raw = Files.newInputStream(file)) {
      if (file.getFileName().toString().endsWith(".gz")) {
        try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
          return in.readAllBytes();
        }
      }
      return raw.readAllBytes();
    } catch (NoSuchFileException e) {
      throw new DatasetException(file + ": file not found");
    } catch (EOFException e) {
      throw new DatasetException(file + ": truncated gzip stream", e);
    } catch (ZipException e) {
      throw new DatasetException(file + ": not a valid gzip file (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot read (" + e + ")", e);
    }
  }
}
