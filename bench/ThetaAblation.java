import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.quant.ThetaPhaseMap;
import org.spikeforge.hw.quant.ThetaTableBuilder;
import org.spikeforge.hw.targets.Targets;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.ThetaTables;
import org.spikeforge.verify.CalibrationCollector;
import org.spikeforge.verify.EncodedData;
import org.spikeforge.verify.VerifyReport;
import org.spikeforge.verify.Verifier;

/**
 * One row of the theta error-source ablation (BENCH-thetav.md): lowers a theta net for the theta target with the
 * given geometry, optionally replaces the weights by "ideal" ones, verifies it on the test split and prints one
 * line with float / emulator accuracy, agreement and median spike-time error.
 *
 * <pre>java -cp SPIKEFORGE_JAR bench/ThetaAblation.java NET DATASET [key=value ...]</pre>
 * keys (defaults): dt (0.01), bits (8), clip (100), perch (0), inv (8), phi (14), vfrac (-1, auto), span (0, auto),
 * cal (500 calibration samples; 0 = none), samples (0 = all), threads (1),
 * wide (0; N &gt; 0: the weights are the float weights rounded at 2^-(v_frac_bits + N), with the tables rebuilt at
 * that resolution: isolates weight quantization from everything else).
 */
public class ThetaAblation {
  public static void main(String[] a) {
    Network net = ProtoFiles.readNetwork(Path.of(a[0]));
    String dataset = a[1];
    Map<String, String> o = new HashMap<>();
    for (int i = 2; i < a.length; i++) {
      String[] kv = a[i].split("=", 2);
      o.put(kv[0], kv[1]);
    }
    double dt = Double.parseDouble(o.getOrDefault("dt", "0.01"));
    int bits = Integer.parseInt(o.getOrDefault("bits", "8"));
    double clip = Double.parseDouble(o.getOrDefault("clip", "100"));
    boolean perCh = o.getOrDefault("perch", "0").equals("1");
    int inv = Integer.parseInt(o.getOrDefault("inv", "8"));
    int phi = Integer.parseInt(o.getOrDefault("phi", "14"));
    int vfrac = Integer.parseInt(o.getOrDefault("vfrac", "-1"));
    double span = Double.parseDouble(o.getOrDefault("span", "0"));
    int cal = Integer.parseInt(o.getOrDefault("cal", "500"));
    int samples = Integer.parseInt(o.getOrDefault("samples", "0"));
    int threads = Integer.parseInt(o.getOrDefault("threads", "1"));
    int wide = Integer.parseInt(o.getOrDefault("wide", "0"));

    QuantSpec q = QuantSpec.defaults(dt).withWeightBits(bits).withClipPercentile(clip).withPerChannel(perCh)
        .withTheta(0, inv, phi, vfrac, span);
    Calibration c = cal > 0 ? CalibrationCollector.collect(net, EncodedData.train(net, dataset), cal, clip, 1.25)
        : Calibration.none();
    HardwareConfig cfg = Targets.byName("theta").lower(net, q, c);
    if (wide > 0) cfg = wideWeights(net, cfg, wide, phi);
    if (o.getOrDefault("lead", "0").equals("1")) cfg = leadPhases(cfg);
    long t0 = System.nanoTime();
    VerifyReport r = new Verifier(net, cfg).run(EncodedData.test(net, dataset), samples, threads, 0);
    double sec = (System.nanoTime() - t0) / 1e9;
    ThetaTables t = cfg.getThetaTables();
    System.out.printf(Locale.ROOT, "%s | %s | f %d P 2^%d step %d | float %.2f | emu %.2f | d %+.2f | agree %.2f | med %.4g | %d samples %.1fs%n",
        String.join(" ", java.util.Arrays.copyOfRange(a, 2, a.length)), dataset, t.getVFracBits(), t.getPhaseBits(),
        t.getPhaseStep(), 100 * r.floatAccuracy(), 100 * r.emulatorAccuracy(),
        100 * (r.emulatorAccuracy() - r.floatAccuracy()), 100 * r.predictionAgreement(), r.medianSpikeTimeError(),
        r.samples().size(), sec);
  }

  /** Layer at depth d (1 = fed by the input) starts (d - 1) / 2 steps ahead, so it meets its inputs mid-step. */
  private static HardwareConfig leadPhases(HardwareConfig cfg) {
    HardwareConfig.Builder b = cfg.toBuilder();
    long bigP = 1L << cfg.getThetaTables().getPhaseBits();
    for (int l = 0; l < b.getLayersCount(); l++) {
      HwLayer.Builder hl = b.getLayers(l).toBuilder();
      var tp = hl.getTheta().toBuilder().clearPhaseInit();
      long lead = (long) l * cfg.getThetaTables().getPhaseStep() / 2;
      for (int p0 : hl.getTheta().getPhaseInitList()) tp.addPhaseInit((int) Math.min(bigP - 1, p0 + lead));
      b.setLayers(l, hl.setTheta(tp));
    }
    return b.build();
  }

  private static HardwareConfig wideWeights(Network net, HardwareConfig base, int extra, int phiBits) {
    ThetaTables t = base.getThetaTables();
    int f = t.getVFracBits() + extra;
    ThetaPhaseMap map = new ThetaPhaseMap(net.getParams().getTau(), net.getParams().getDrive());
    ThetaTables tables = ThetaTableBuilder.build(map, t.getPhaseBits(), t.getPhaseStep(), t.getInvIndexBits(),
        phiBits, f, t.getVMin() << extra, t.getVMax() << extra);
    HardwareConfig.Builder b = base.toBuilder().setThetaTables(tables);
    for (int l = 0; l < b.getLayersCount(); l++) {
      HwLayer.Builder hl = b.getLayers(l).toBuilder().clearWeights();
      for (int k = 0; k < base.getLayers(l).getWeightsCount(); k++) {
        hl.addWeights((int) Math.round(net.getProjections(l).getWeights(k) * Math.scalb(1.0, f)));
      }
      b.setLayers(l, hl);
    }
    return b.build();
  }
}
