package org.spikeforge.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.spikeforge.grad.SmoothnessSweep;
import org.spikeforge.grad.SmoothnessSweeps;
import org.spikeforge.io.AtomicFiles;
import org.spikeforge.plot.LinePlot;
import org.spikeforge.plot.PngFiles;
import org.spikeforge.plot.XySeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge figure smoothness}: the paper's supplementary smoothness figures. For a single
 * QIF neuron and for a two-layer QIF network, a weight is swept; the first three output spike
 * times and their derivatives with respect to that weight are plotted against it. Spikes that
 * enter or leave the trial do so through T, so the curves show no jumps.
 */
@Command(
    name = "smoothness",
    mixinStandardHelpOptions = true,
    description = "Spike times and dt/dw against a swept weight (single neuron, 2-layer net) as PNG + CSV.")
public final class SmoothnessFigureCommand implements Callable<Integer> {
  static final int SPIKES_SHOWN = 3;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the PNG and CSV files.")
  Path out;

  @Option(names = "--overwrite", description = "replace the results --out already holds (without it such a"
      + " directory is refused)")
  boolean overwrite;

  @Option(names = "--points", defaultValue = "400", paramLabel = "N", description = "Weights in each sweep (default: ${DEFAULT-VALUE}).")
  int points;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (points < 3) {
      throw new ParameterException(spec.commandLine(), "--points must be >= 3, got " + points);
    }
    OutputDirectory.claim(spec, "--out", out, overwrite, null, "smoothness-single-neuron.png",
        "smoothness-single-neuron.csv", "smoothness-two-layer.png", "smoothness-two-layer.csv");
    PrintWriter stdout = spec.commandLine().getOut();
    write(SmoothnessSweeps.singleQifNeuron(points), "smoothness-single-neuron", stdout);
    write(SmoothnessSweeps.twoLayerQif(points), "smoothness-two-layer", stdout);
    return ExitCodes.OK;
  }

  private void write(SmoothnessSweep sweep, String base, PrintWriter stdout) {
    List<XySeries> times = new ArrayList<>();
    List<XySeries> slopes = new ArrayList<>();
    for (int k = 0; k < spikesIn(sweep); k++) {
      times.add(new XySeries("spike " + (k + 1), sweep.weights(), column(sweep.spikeTimes(), k)));
      slopes.add(new XySeries("spike " + (k + 1), sweep.weights(), column(sweep.dTimeDWeight(), k)));
    }
    List<XYChart> panels = List.of(
        LinePlot.chart(sweep.label() + ": spike times", "w", "t_k", times),
        LinePlot.chart(sweep.label() + ": dt_k/dw", "w", "dt_k / dw", slopes));
    Path png = out.resolve(base + ".png");
    PngFiles.writeGrid(png, panels, 2);
    Path csv = out.resolve(base + ".csv");
    AtomicFiles.write(csv, csv(sweep).getBytes(StandardCharsets.UTF_8));
    stdout.println(sweep.label() + ": " + sweep.weights().length + " weights; wrote " + png + " and " + csv);
  }

  private static String csv(SmoothnessSweep sweep) {
    int spikes = spikesIn(sweep);
    double[][] times = new double[spikes][];
    double[][] slopes = new double[spikes][];
    for (int k = 0; k < spikes; k++) {
      times[k] = column(sweep.spikeTimes(), k);
      slopes[k] = column(sweep.dTimeDWeight(), k);
    }
    StringBuilder sb = new StringBuilder("w");
    for (int k = 1; k <= spikes; k++) {
      sb.append(",t").append(k);
    }
    for (int k = 1; k <= spikes; k++) {
      sb.append(",dt").append(k).append("_dw");
    }
    sb.append('\n');
    for (int i = 0; i < sweep.weights().length; i++) {
      sb.append(String.format(Locale.ROOT, "%.17g", sweep.weights()[i]));
      for (int k = 0; k < spikes; k++) {
        sb.append(',').append(cell(times[k][i]));
      }
      for (int k = 0; k < spikes; k++) {
        sb.append(',').append(cell(slopes[k][i]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Spikes per point ({@code spikeTimes[point][k]}), at most {@value #SPIKES_SHOWN}. */
  private static int spikesIn(SmoothnessSweep sweep) {
    return sweep.spikeTimes().length == 0 ? 0 : Math.min(SPIKES_SHOWN, sweep.spikeTimes()[0].length);
  }

  /** The k-th spike across all points; NaN where it is absent. */
  private static double[] column(double[][] perPoint, int k) {
    double[] out = new double[perPoint.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = k < perPoint[i].length ? perPoint[i][k] : Double.NaN;
    }
    return out;
  }

  private static String cell(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.17g", v);
  }
}
