package org.spikeforge.hil;

import java.util.ArrayList;
import java.util.List;
import org.spikeforge.hw.quant.LifDiscretization;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.proto.XyloIaf;

/**
 * Reconstructs every layer's {@link LayerWeightCodec} from a lowered LIF config (loihi2 or xylo), with the formulas
 * of the hw-backends lowering: Loihi 2 {@code units = c S_v / 2^(weight_exp + 6)}, {@code c = s (1 - s)}, stored
 * weights multiples of {@code g = 2^(8 - bits + mixed)} within the sign mode's range; Xylo
 * {@code units = c S_v / 2^weight_shift}, {@code c = (1 - s)/s}, in [-qmax, qmax]. The voltage scale S_v comes from
 * the config's {@code <layer>.voltage_scale} metadata (per-channel Xylo: threshold / V_th per row).
 */
public final class WeightCodecs {
  private WeightCodecs() {}

  /**
   * @param cfg a config lowered by the loihi2 or xylo target
   * @param tau the float model's membrane time constant
   * @param threshold the float model's threshold V_th
   */
  public static List<LayerWeightCodec> of(HardwareConfig cfg, double tau, double threshold) {
    LifDiscretization d = new LifDiscretization(tau, cfg.getDt());
    List<LayerWeightCodec> out = new ArrayList<>();
    for (HwLayer l : cfg.getLayersList()) {
      if (l.getRecurrentWeightsCount() > 0) {
        throw new IllegalArgumentException("hardware config layer '" + l.getName()
            + "' has recurrent weights; hardware-in-the-loop training supports feed-forward layers only");
      }
      switch (TargetFamily.find(cfg.getTarget()).orElse(TargetFamily.THETA)) {
        case LOIHI2 -> out.add(loihi2(cfg, l, d.jumpFactor(), threshold));
        case XYLO -> out.add(xylo(cfg, l, d.xyloJumpFactor(), threshold));
        case THETA -> throw new IllegalArgumentException("hardware config field target = '" + cfg.getTarget()
            + "': hardware-in-the-loop training supports the LIF targets loihi2 and xylo");
      }
    }
    return out;
  }

  private static double voltageScale(HardwareConfig cfg, HwLayer l, double fallback) {
    String s = cfg.getMetadataOrDefault(l.getName() + ".voltage_scale", null);
    if (s == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("hardware config metadata '" + l.getName() + ".voltage_scale' = '" + s
          + "' is not a number");
    }
  }

  private static LayerWeightCodec loihi2(HardwareConfig cfg, HwLayer l, double c, double vthFloat) {
    Loihi2Lif lif = l.getLoihi2();
    int bits = lif.getNumWeightBits() == 0 ? 8 : lif.getNumWeightBits();
    int sign = lif.getSignMode();
    if (sign == 0) {
      boolean pos = false;
      boolean neg = false;
      for (int w : l.getWeightsList()) {
        pos |= w > 0;
        neg |= w < 0;
      }
      sign = pos && neg ? 2 : (neg ? 4 : 3);
    }
    boolean mixed = sign == 2;
    int g = 1 << (8 - bits + (mixed ? 1 : 0));
    int levels = mixed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
    int vth = lif.getVth();
    double sv = voltageScale(cfg, l, vth * 64.0 / vthFloat);
    double unit = Math.scalb(1.0, lif.getWeightExp() + 6);
    double units = c * sv / unit;
    double per = unit * vthFloat / (c * vth * 64.0);
    int lo = sign == 3 || sign == 1 ? 0 : -levels * g;
    int hi = sign == 4 ? 0 : levels * g;
    return new LayerWeightCodec(l.getName(), l.getSize(), l.getFanIn(), filled(l.getSize(), units),
        filled(l.getSize(), per), g, lo, hi);
  }

  private static LayerWeightCodec xylo(HardwareConfig cfg, HwLayer l, double c, double vthFloat) {
    XyloIaf x = l.getXylo();
    int bits = Integer.parseInt(cfg.getMetadataOrDefault("quant.weight_bits", "8"));
    int qmax = (1 << (bits - 1)) - 1;
    boolean perChannel = Boolean.parseBoolean(cfg.getMetadataOrDefault("quant.per_channel", "false"));
    double unit = Math.scalb(1.0, x.getWeightShift());
    double[] units = new double[l.getSize()];
    double[] per = new double[l.getSize()];
    double layerScale = voltageScale(cfg, l, x.getThreshold(0) / vthFloat);
    for (int r = 0; r < l.getSize(); r++) {
      double sv = perChannel ? x.getThreshold(r) / vthFloat : layerScale;
      units[r] = c * sv / unit;
      per[r] = unit * vthFloat / (c * x.getThreshold(r));
    }
    return new LayerWeightCodec(l.getName(), l.getSize(), l.getFanIn(), units, per, 1, -qmax, qmax);
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }
}
