import java.nio.file.Path;
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
import org.spikeforge.verify.Verifier;

/**
 * What limits the theta target's accuracy: ThetaTarget ties the voltage fixed point (v_frac_bits) to the
 * 8-bit weight mantissa. This lowers a Yin-Yang theta net as usual (dt 0.01, tables 2^14 / 2^20, clip
 * percentile CLIP), then rebuilds the config with EXTRA more voltage fraction bits, the weights being either
 * the same 8-bit mantissas shifted left ({@code m}: finer voltages only) or the float weights rounded at the
 * new resolution ({@code wide}: more weight bits too), and verifies it on the 1000 test samples.
 *
 * <p>{@code java -cp SPIKEFORGE_JAR bench/ThetaWeightBits.java NET EXTRA m|wide CLIP}
 */
public class ThetaWeightBits {
  public static void main(String[] a) {
    Network net = ProtoFiles.readNetwork(Path.of(a[0]));
    int extra = Integer.parseInt(a[1]);
    boolean wide = a[2].equals("wide");
    double clip = Double.parseDouble(a[3]);
    QuantSpec q = QuantSpec.defaults(0.01).withClipPercentile(clip).withTheta(0, 14, 20, -1, Double.NaN);
    Calibration cal = CalibrationCollector.collect(net, EncodedData.train(net, "yinyang"), 500, clip, 1.25);
    HardwareConfig base = Targets.byName("theta").lower(net, q, cal);
    ThetaTables t = base.getThetaTables();
    int f = t.getVFracBits() + extra;
    ThetaPhaseMap map = new ThetaPhaseMap(net.getParams().getTau(), net.getParams().getDrive());
    ThetaTables tables = ThetaTableBuilder.build(map, t.getPhaseBits(), t.getPhaseStep(), t.getInvIndexBits(), 20, f,
        t.getVMin() << extra, t.getVMax() << extra);
    HardwareConfig.Builder b = base.toBuilder().setThetaTables(tables);
    int maxAbs = 0;
    for (int l = 0; l < b.getLayersCount(); l++) {
      HwLayer.Builder hl = b.getLayers(l).toBuilder().clearWeights();
      for (int k = 0; k < base.getLayers(l).getWeightsCount(); k++) {
        int w = wide ? (int) Math.round(net.getProjections(l).getWeights(k) * Math.scalb(1.0, f))
            : base.getLayers(l).getWeights(k) << extra;
        maxAbs = Math.max(maxAbs, Math.abs(w));
        hl.addWeights(w);
      }
      b.setLayers(l, hl);
    }
    var r = new Verifier(net, b.build()).run(EncodedData.test(net, "yinyang"), 0, 2, 0);
    System.out.printf("v_frac_bits %d (+%d), weights %s (max |w| %d), clip %s: %s%n", f, extra,
        wide ? "rounded at 2^-" + f : "8-bit mantissas << " + extra, maxAbs, clip, r.summary().lines().findFirst().get());
  }
}
