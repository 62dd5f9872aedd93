package org.spikeforge.hw.net;

import java.util.Map;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Projection;

/**
 * The shape rules a conv2d or sum_pool2d projection must meet before a target lowers it (the same rules as the
 * toolchain's validator, checked again here because targets also take networks built in code), each failure one
 * {@link NetworkFormatException} naming the field and the limit.
 */
final class ConvLayers {
    private ConvLayers() {}

    /**
     * Checks projection {@code p} (field path {@code f}) and returns its resolved geometry.
     *
     * @param shapes population layouts by name (absent shapes are missing from the map)
     */
    static KernelSpec check(String name, String f, Network net, Projection p, Map<String, MapShape> shapes) {
        String kind = DenseOnly.kind(p);
        if (p.getSource().equals(p.getTarget()))
            throw new NetworkFormatException(name, f + "." + kind, "a recurrent projection must be dense");
        MapShape source;
        if (p.getSource().equals("input")) {
            source = KernelSpec.inputShape(net);
            if (source != null && (long) source.getChannels() * source.getHeight() * source.getWidth() != net.getNumInputs())
                throw new NetworkFormatException(name, f + ".source", "the input has a bias channel next to its "
                        + "input_shape; a " + kind + " projection reading it is not lowered (input_shape must cover every input)");
        } else {
            source = shapes.get(p.getSource());
        }
        MapShape target = shapes.get(p.getTarget());
        if (source == null)
            throw new NetworkFormatException(name, f + ".source", "'" + p.getSource() + "' has no shape; a " + kind
                    + " projection reads feature maps");
        if (target == null)
            throw new NetworkFormatException(name, f + ".target", "'" + p.getTarget() + "' has no shape; a " + kind
                    + " projection writes feature maps");
        KernelSpec k = KernelSpec.of(p, source, target);
        if (k.kernelH() < 1 || k.kernelW() < 1)
            throw new NetworkFormatException(name, f + "." + kind, "kernel " + k.kernelH() + " x " + k.kernelW() + " must be >= 1 x 1");
        if (k.strideH() < 1 || k.strideW() < 1)
            throw new NetworkFormatException(name, f + "." + kind, "stride " + k.strideH() + " x " + k.strideW() + " must be >= 0 (0: default)");
        if (k.padH() < 0 || k.padH() >= k.kernelH() || k.padW() < 0 || k.padW() >= k.kernelW())
            throw new NetworkFormatException(name, f + "." + kind, "padding " + k.padH() + " x " + k.padW()
                    + " must be in [0, kernel - 1]");
        long expected = k.conv() ? (long) target.getChannels() * source.getChannels() * k.kernelH() * k.kernelW() : 1;
        if (p.getWeightsCount() != expected)
            throw new NetworkFormatException(name, f + ".weights", p.getWeightsCount() + " values, expected " + expected
                    + (k.conv() ? " (out x in x kernel_h x kernel_w)" : " (the pool's fixed weight)"));
        if (!k.conv() && source.getChannels() != target.getChannels())
            throw new NetworkFormatException(name, f + ".target", "shape has " + target.getChannels()
                    + " channels, expected the source's " + source.getChannels() + " (pooling keeps channels)");
        int oh = outSide(source.getHeight(), k.kernelH(), k.strideH(), k.padH());
        int ow = outSide(source.getWidth(), k.kernelW(), k.strideW(), k.padW());
        if (oh != target.getHeight() || ow != target.getWidth())
            throw new NetworkFormatException(name, f + ".target", "shape is " + target.getHeight() + " x " + target.getWidth()
                    + " (height x width), expected " + oh + " x " + ow);
        return k;
    }

    static int outSide(int in, int kernel, int stride, int pad) {
        int span = in + 2 * pad - kernel;
        return span < 0 ? 0 : span / stride + 1;
    }
}
