package org.spikeforge.hw.export;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed, checked reads from an open HDF5 file. Every failure, including any exception jhdf throws
 * on a damaged file, becomes a {@link BadExchangeFileException} naming the file and the HDF5 path.
 */
final class Hdf5Fields implements AutoCloseable {
  private final Path file;
  private final HdfFile hdf;

  private Hdf5Fields(Path file, HdfFile hdf) {
    this.file = file;
    this.hdf = hdf;
  }

  /**
   * Opens {@code file} and applies {@code body} to it on a worker thread, within a deadline of 3 s
   * plus 1 s per MB. jhdf follows a damaged file's object-header continuations without noticing a
   * cycle (it reads and collects the same messages until memory runs out), so a file that keeps it
   * busy past the deadline is refused as damaged instead of hanging the command.
   */
  static <T> T read(Path file, java.util.function.Function<Hdf5Fields, T> body) {
    long size;
    try {
      size = java.nio.file.Files.size(file);
    } catch (java.io.IOException e) {
      throw new BadExchangeFileException(file, "(file)", "cannot read: " + e.getMessage(), e);
    }
    long limitMillis = 3000 + size / 1000;
    java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(() -> {
      try (Hdf5Fields h = open(file)) {
        return body.apply(h);
      }
    });
    Thread worker = new Thread(task, "hdf5-read");
    worker.setDaemon(true);
    worker.start();
    try {
      return task.get(limitMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      task.cancel(true); // the interrupt closes jhdf's file channel, which ends its loop
      throw new BadExchangeFileException(file, "(HDF5 object headers)", "still unread after " + limitMillis
          + " ms: the file's object headers loop (a damaged file)");
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new BadExchangeFileException(file, "(file)", "reading was interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    }
  }

  private static Hdf5Fields open(Path file) {
    HdfFile hdf;
    long eof;
    try {
      hdf = new HdfFile(file);
      eof = hdf.getUserBlockSize() + hdf.getHdfBackingStorage().getSuperblock().getEndOfFileAddress();
    } catch (RuntimeException | OutOfMemoryError e) {
      throw new BadExchangeFileException(file, "(HDF5 superblock)", "not a readable HDF5 file: " + e.getClass().getSimpleName(), e);
    }
    long size;
    try {
      size = java.nio.file.Files.size(file);
    } catch (java.io.IOException e) {
      hdf.close();
      throw new BadExchangeFileException(file, "(file)", "cannot read: " + e.getMessage(), e);
    }
    if (size < eof) {
      hdf.close();
      throw new BadExchangeFileException(file, "(HDF5 superblock end-of-file address)",
          "file has " + size + " bytes but the superblock says " + eof + ": truncated");
    }
    return new Hdf5Fields(file, hdf);
  }

  @Override
  public void close() {
    try {
      hdf.close();
    } catch (RuntimeException ignored) {
      // nothing useful to report once reading has finished or failed
    }
  }

  BadExchangeFileException bad(String path, String problem) {
    return new BadExchangeFileException(file, path, problem);
  }

  /** Whether an optional node exists; a damaged parent group is an error, not "absent". */
  boolean exists(String path) {
    int slash = path.lastIndexOf('/');
    if (slash < 0) {
      return children("/").contains(path);
    }
    String parent = path.substring(0, slash);
    return exists(parent) && children(parent).contains(path.substring(slash + 1));
  }

  /** Child names of a group, in file order. */
  List<String> children(String path) {
    Node n = node(path);
    if (!(n instanceof Group g)) {
      throw bad(path, "is not a group");
    }
    try {
      return new ArrayList<>(g.getChildren().keySet());
    } catch (RuntimeException | OutOfMemoryError e) {
      throw new BadExchangeFileException(file, path, "unreadable group: " + e, e);
    }
  }

  String string(String path) {
    Object d = data(path);
    if (d instanceof String s) {
      return s;
    }
    if (d instanceof String[] a && a.length == 1) {
      return a[0];
    }
    throw bad(path, "must be a string, found " + describe(d));
  }

  /** An integer scalar (a one-element integer array is accepted); floats are refused. */
  long integer(String path) {
    Object d = data(path);
    if (d instanceof Integer || d instanceof Long || d instanceof Short || d instanceof Byte) {
      return ((Number) d).longValue();
    }
    long[] a = asLongs(d);
    if (a != null && a.length == 1) {
      return a[0];
    }
    throw bad(path, "must be an integer scalar, found " + describe(d));
  }

  double real(String path) {
    Object d = data(path);
    if (d instanceof Number n) {
      return n.doubleValue();
    }
    throw bad(path, "must be a number, found " + describe(d));
  }

  long[] integers(String path) {
    long[] a = asLongs(data(path));
    if (a == null) {
      throw bad(path, "must be a 1-D integer array, found " + describe(data(path)));
    }
    return a;
  }

  int[][] intMatrix(String path) {
    Object d = data(path);
    if (d instanceof int[][] m) {
      return m;
    }
    if (d instanceof long[][] m) {
      int[][] out = new int[m.length][];
      for (int i = 0; i < m.length; i++) {
        out[i] = new int[m[i].length];
        for (int j = 0; j < m[i].length; j++) {
          if (m[i][j] != (int) m[i][j]) {
            throw bad(path, "value " + m[i][j] + " at [" + i + "][" + j + "] does not fit int32");
          }
          out[i][j] = (int) m[i][j];
        }
      }
      return out;
    }
    throw bad(path, "must be a 2-D integer array, found " + describe(d));
  }

  /** A 4-D integer dataset (int32 or int64 values that fit int32). */
  int[][][][] int4(String path) {
    Object d = data(path);
    if (d instanceof int[][][][] m) {
      return m;
    }
    if (d instanceof long[][][][] m) {
      int[][][][] out = new int[m.length][][][];
      for (int a = 0; a < m.length; a++) {
        out[a] = new int[m[a].length][][];
        for (int b = 0; b < m[a].length; b++) {
          out[a][b] = new int[m[a][b].length][];
          for (int c = 0; c < m[a][b].length; c++) {
            out[a][b][c] = new int[m[a][b][c].length];
            for (int e = 0; e < m[a][b][c].length; e++) {
              long v = m[a][b][c][e];
              if (v != (int) v) {
                throw bad(path, "value " + v + " at [" + a + "][" + b + "][" + c + "][" + e + "] does not fit int32");
              }
              out[a][b][c][e] = (int) v;
            }
          }
        }
      }
      return out;
    }
    throw bad(path, "must be a 4-D integer array, found " + describe(d));
  }

  /** A 1-D or scalar float/int dataset as doubles. */
  double[] reals(String path) {
    Object d = data(path);
    if (d instanceof Number n) {
      return new double[] {n.doubleValue()};
    }
    double[] out = numbers(d);
    if (out == null) {
      throw bad(path, "must be a 1-D number array, found " + describe(d));
    }
    return out;
  }

  /** A 1-D float or integer array as doubles, or null for anything else. */
  private static double[] numbers(Object d) {
    if (d instanceof double[] a) {
      return a;
    }
    if (d instanceof float[] a) {
      double[] out = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
      return out;
    }
    long[] l = asLongs(d);
    if (l == null) {
      return null;
    }
    double[] out = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      out[i] = l[i];
    }
    return out;
  }

  /** A float or integer dataset of any rank, flattened in C (row-major) order, with its shape. */
  record Tensor(int[] shape, double[] values) {}

  /** Any-rank number dataset (a scalar has shape {}); NIR writes neuron parameters in the shape of their layer. */
  Tensor tensor(String path) {
    Object d = data(path);
    if (d instanceof Number n) {
      return new Tensor(new int[0], new double[] {n.doubleValue()});
    }
    List<Integer> shape = new ArrayList<>();
    Object level = d;
    while (level != null && level.getClass().isArray() && !level.getClass().getComponentType().isPrimitive()) {
      int len = java.lang.reflect.Array.getLength(level);
      shape.add(len);
      level = len == 0 ? null : java.lang.reflect.Array.get(level, 0);
    }
    if (level != null) {
      shape.add(java.lang.reflect.Array.getLength(level));
    }
    long total = 1;
    for (int x : shape) {
      total *= x;
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw bad(path, "has " + total + " values, too many");
    }
    double[] out = new double[(int) total];
    int[] at = {0};
    flatten(path, d, shape.stream().mapToInt(Integer::intValue).toArray(), 0, out, at);
    return new Tensor(shape.stream().mapToInt(Integer::intValue).toArray(), out);
  }

  private void flatten(String path, Object d, int[] shape, int depth, double[] out, int[] at) {
    if (d == null || !d.getClass().isArray() || java.lang.reflect.Array.getLength(d) != shape[depth]) {
      throw bad(path, "is a ragged or non-numeric array");
    }
    if (depth == shape.length - 1) {
      double[] row = rowOf(path, d);
      System.arraycopy(row, 0, out, at[0], row.length);
      at[0] += row.length;
      return;
    }
    for (int i = 0; i < shape[depth]; i++) {
      flatten(path, java.lang.reflect.Array.get(d, i), shape, depth + 1, out, at);
    }
  }

  private double[] rowOf(String path, Object d) {
    double[] row = numbers(d);
    if (row == null) {
      throw bad(path, "must be a number array, found " + describe(d));
    }
    return row;
  }

  /**
   * {@code n} integers from a scalar (repeated {@code n} times, as NIR's {@code stride=2}) or an {@code n}-element
   * integer array.
   */
  long[] integers(String path, int n) {
    Object d = data(path);
    if (d instanceof Integer || d instanceof Long || d instanceof Short || d instanceof Byte) {
      long[] out = new long[n];
      java.util.Arrays.fill(out, ((Number) d).longValue());
      return out;
    }
    long[] a = asLongs(d);
    if (a != null && a.length == 1 && n > 1) {
      long[] out = new long[n];
      java.util.Arrays.fill(out, a[0]);
      return out;
    }
    if (a == null || a.length != n) {
      throw bad(path, "must be an integer or " + n + " integers, found " + describe(d)
          + (a == null ? "" : " of length " + a.length));
    }
    return a;
  }

  /** Whether the dataset holds a string (NIR writes padding "same" or "valid" as one). */
  boolean isString(String path) {
    Object d = data(path);
    return d instanceof String || (d instanceof String[] a && a.length == 1);
  }

  double[][] realMatrix(String path) {
    Object d = data(path);
    if (d instanceof double[][] m) {
      return m;
    }
    if (d instanceof float[][] m) {
      double[][] out = new double[m.length][];
      for (int i = 0; i < m.length; i++) {
        out[i] = new double[m[i].length];
        for (int j = 0; j < m[i].length; j++) {
          out[i][j] = m[i][j];
        }
      }
      return out;
    }
    throw bad(path, "must be a 2-D float array, found " + describe(d));
  }

  String[][] stringMatrix(String path) {
    Object d = data(path);
    if (d instanceof String[][] m) {
      return m;
    }
    throw bad(path, "must be a 2-D string array, found " + describe(d));
  }

  private Node node(String path) {
    if ("/".equals(path)) {
      return hdf;
    }
    try {
      return hdf.getByPath(path);
    } catch (RuntimeException | OutOfMemoryError e) {
      throw new BadExchangeFileException(file, path, "missing or unreadable: " + e.getClass().getSimpleName(), e);
    }
  }

  private Object data(String path) {
    Node n = node(path);
    if (!(n instanceof Dataset ds)) {
      throw bad(path, "is not a dataset");
    }
    try {
      Object d = ds.getData();
      if (d == null) {
        throw bad(path, "has no data");
      }
      return d;
    } catch (BadExchangeFileException e) {
      throw e;
    } catch (RuntimeException | OutOfMemoryError e) {
      throw new BadExchangeFileException(file, path, "unreadable data: " + e.getClass().getSimpleName(), e);
    }
  }

  private static long[] asLongs(Object d) {
    if (d instanceof int[] a) {
      long[] out = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
      return out;
    }
    if (d instanceof long[] a) {
      return a;
    }
    if (d instanceof short[] a) {
      long[] out = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
      return out;
    }
    if (d instanceof byte[] a) {
      long[] out = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
      return out;
    }
    return null;
  }

  private static String describe(Object d) {
    return d == null ? "nothing" : d.getClass().getSimpleName();
  }
}
