package org.spikeforge.cli;

import java.util.ArrayList;
import java.util.List;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;

/**
 * An independent, deliberately plain reference for feed-forward theta networks, written from
 * SCIENCE.md section 1.2 only: the phase grows at rate 1, an input of weight w maps phase phi to
 * H(phi, w) = Phi(Phi^-1(phi) + w), and reaching Theta is a spike followed by reset to 0. Layers are
 * simulated one after the other on the sorted spike times of their sources. Used to check the
 * production simulator's in-trial spike times on the worked example.
 */
final class ThetaReference {
  private final double tau;
  private final double root;
  private final double period;

  ThetaReference(Network net) {
    tau = net.getParams().getTau();
    root = Math.sqrt(net.getParams().getDrive() - 0.25);
    period = tau * Math.PI / root;
  }

  double period() {
    return period;
  }

  /** Phi^-1: phase to voltage. */
  double voltage(double phase) {
    return 0.5 + root * Math.tan(phase * root / tau - Math.PI / 2);
  }

  /** Phi: voltage to phase. */
  double phase(double v) {
    return tau / root * (Math.atan((v - 0.5) / root) + Math.PI / 2);
  }

  /** In-trial spike times per population, per neuron. */
  List<double[][]> run(Network net, InputSpikes inputs) {
    List<double[][]> out = new ArrayList<>();
    for (int p = 0; p < net.getPopulationsCount(); p++) {
      Population pop = net.getPopulations(p);
      List<double[]> events = new ArrayList<>(); // {time, target neuron, weight}
      for (Projection proj : net.getProjectionsList()) {
        if (!proj.getTarget().equals(pop.getName())) {
          continue;
        }
        double[][] sourceTimes = proj.getSource().equals("input")
            ? inputTimes(inputs)
            : out.get(indexOf(net, proj.getSource()));
        for (int c = 0; c < proj.getCols(); c++) {
          for (double t : sourceTimes[c]) {
            for (int r = 0; r < proj.getRows(); r++) {
              events.add(new double[] {t, r, proj.getWeights(r * proj.getCols() + c)});
            }
          }
        }
      }
      events.sort((a, b) -> Double.compare(a[0], b[0]));
      double[][] spikes = new double[pop.getSize()][];
      for (int n = 0; n < pop.getSize(); n++) {
        spikes[n] = neuron(n, pop.getInitialVCount() == 0 ? 0 : pop.getInitialV(n), events, net.getTrialEnd());
      }
      out.add(spikes);
    }
    return out;
  }

  private double[] neuron(int n, double phase0, List<double[]> events, double trialEnd) {
    List<Double> spikes = new ArrayList<>();
    double phase = phase0;
    double now = 0;
    int k = 0;
    while (true) {
      // Simultaneous inputs onto this neuron are summed before one jump.
      double next = trialEnd;
      double w = 0;
      while (k < events.size() && (int) events.get(k)[1] != n) {
        k++;
      }
      if (k < events.size() && events.get(k)[0] < trialEnd) {
        next = events.get(k)[0];
        for (int j = k; j < events.size() && events.get(j)[0] == next; j++) {
          if ((int) events.get(j)[1] == n) {
            w += events.get(j)[2];
          }
        }
      }
      while (phase + (next - now) >= period) {
        now += period - phase;
        spikes.add(now);
        phase = 0;
      }
      phase += next - now;
      now = next;
      if (next >= trialEnd) {
        break;
      }
      phase = phase(voltage(phase) + w);
      while (k < events.size() && events.get(k)[0] == next) {
        k++;
      }
    }
    return spikes.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[][] inputTimes(InputSpikes inputs) {
    double[][] t = new double[inputs.getChannels()][];
    for (int c = 0; c < t.length; c++) {
      t[c] = inputs.getTrains(c).getTimesList().stream().mapToDouble(Double::doubleValue).toArray();
    }
    return t;
  }

  private static int indexOf(Network net, String name) {
    for (int i = 0; i < net.getPopulationsCount(); i++) {
      if (net.getPopulations(i).getName().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no population " + name);
  }
}
