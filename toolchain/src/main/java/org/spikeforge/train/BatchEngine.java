package org.spikeforge.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.spikeforge.data.SpikeDataset;

/**
 * Data-parallel forward/backward over a batch. The batch is cut into chunks of a fixed size (independent of the
 * thread count); each chunk is processed sample by sample into its own gradient buffer by whichever thread takes
 * it, using that thread's own workspace; then the chunk sums are added in chunk order. Floating-point addition is
 * therefore performed in the same order for any number of threads, which makes training bit-reproducible.
 *
 * @param <W> the model's workspace type
 */
public final class BatchEngine<W> implements AutoCloseable {
  private final TrainableModel<W> model;
  private final ClassificationLoss loss;
  private final int threads;
  private final int chunkSize;
  private final ExecutorService pool;
  private final List<W> workspaces = new ArrayList<>();
  private final List<double[]> inputBuffers = new ArrayList<>();
  private final List<double[]> dLdtBuffers = new ArrayList<>();
  private final List<double[]> chipTimeBuffers = new ArrayList<>();
  private final List<double[]> chunkGrads = new ArrayList<>();

  public BatchEngine(TrainableModel<W> model, ClassificationLoss loss, int threads, int chunkSize) {
    if (threads < 1 || chunkSize < 1) {
      throw new IllegalArgumentException("batch engine: threads " + threads + " and chunk size " + chunkSize
          + " must be >= 1");
    }
    this.model = model;
    this.loss = loss;
    this.threads = threads;
    this.chunkSize = chunkSize;
    // the calling thread is worker 0, so a batch hands work to threads - 1 helpers and waits for them only once
    this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
      Thread t = new Thread(r, "spikeforge-batch");
      t.setDaemon(true);
      return t;
    });
    for (int i = 0; i < threads; i++) {
      workspaces.add(model.newWorkspace());
      inputBuffers.add(new double[model.numInputs()]);
      dLdtBuffers.add(new double[model.numOutputs()]);
      chipTimeBuffers.add(new double[model.numOutputs()]);
    }
  }

  public int threads() {
    return threads;
  }

  /** How inputs are produced for a pass: training passes augment with (seed, epoch). */
  public record Augmentation(long seed, int epoch) {}

  /**
   * Runs samples {@code order[from..to)}. With {@code gradSum} non-null it is overwritten with the sum over those
   * samples of dL/dparams. With {@code predictions} non-null, the predicted class of {@code order[from + k]} is
   * written to {@code predictions[from + k]}. {@code augmentation} null means un-augmented inputs.
   */
  public BatchStats run(SpikeDataset data, int[] order, int from, int to, Augmentation augmentation,
      double[] gradSum, int[] predictions) {
    int n = to - from;
    int chunks = (n + chunkSize - 1) / chunkSize;
    boolean withGrad = gradSum != null;
    while (withGrad && chunkGrads.size() < chunks) {
      chunkGrads.add(new double[model.params().length]);
    }
    BatchStats[] results = new BatchStats[chunks];
    if (pool == null || chunks == 1) {
      for (int c = 0; c < chunks; c++) {
        results[c] = runChunk(0, c, data, order, from, to, augmentation, withGrad, predictions);
      }
    } else {
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 1; w < Math.min(threads, chunks); w++) {
        int worker = w;
        futures.add(pool.submit(() -> {
          for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
            results[c] = runChunk(worker, c, data, order, from, to, augmentation, withGrad, predictions);
          }
        }));
      }
      RuntimeException own = null;
      try {
        for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
          results[c] = runChunk(0, c, data, order, from, to, augmentation, withGrad, predictions);
        }
      } catch (RuntimeException e) {
        own = e;
        next.set(chunks); // the helpers stop after their current chunk
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("batch interrupted", e);
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(cause);
        }
      }
      if (own != null) {
        throw own;
      }
    }
    BatchStats total = BatchStats.EMPTY;
    if (withGrad) {
      Arrays.fill(gradSum, 0);
    }
    for (int c = 0; c < chunks; c++) {
      total = total.plus(results[c]);
      if (withGrad) {
        double[] g = chunkGrads.get(c);
        for (int i = 0; i < gradSum.length; i++) {
          gradSum[i] += g[i];
        }
      }
    }
    return total;
  }

  private BatchStats runChunk(int worker, int chunk, SpikeDataset data, int[] order, int from, int to,
      Augmentation augmentation, boolean withGrad, int[] predictions) {
    W ws = workspaces.get(worker);
    double[] in = inputBuffers.get(worker);
    double[] dLdt = dLdtBuffers.get(worker);
    double[] chipTimes = chipTimeBuffers.get(worker);
    double[] grad = withGrad ? chunkGrads.get(chunk) : null;
    if (withGrad) {
      Arrays.fill(grad, 0);
      model.discardGradient(ws); // anything a chunk that failed half-way left behind
    }
    int start = from + chunk * chunkSize;
    int end = Math.min(to, start + chunkSize);
    double lossSum = 0;
    long correct = 0;
    long correctSpikesOnly = 0;
    long silent = 0;
    long spikes = 0;
    for (int k = start; k < end; k++) {
      int sample = order[k];
      if (augmentation == null) {
        data.inputTimes(sample, in);
      } else {
        data.augmentedInputTimes(sample, augmentation.seed(), augmentation.epoch(), in);
      }
      model.forward(in, ws);
      double[] out = model.outputTimes(ws);
      int label = data.label(sample);
      lossSum += loss.lossAndGradient(out, label, dLdt);
      int predicted = loss.predict(out);
      if (predicted == label) {
        correct++;
      }
      model.spikesOnlyTimes(ws, chipTimes);
      if (loss.predict(chipTimes) == label) {
        correctSpikesOnly++;
      }
      if (predictions != null) {
        predictions[k] = predicted;
      }
      silent += model.silentNeurons(ws);
      spikes += model.spikeCount(ws);
      if (withGrad) {
        model.backwardBatched(dLdt, ws, grad);
      }
    }
    if (withGrad) {
      model.flushGradient(ws, grad);
    }
    long count = end - start;
    return new BatchStats(lossSum, correct, correctSpikesOnly, count, silent, spikes, count * model.statNeurons());
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
