package org.spikeforge.hw.net;

import org.spikeforge.proto.Network;
import org.spikeforge.proto.Projection;

/**
 * The one refusal for consumers that read every projection as a dense [rows][cols] matrix (hardware
 * targets, exporters, the float engines): a Conv2d or SumPool2d projection stores a kernel, not a
 * matrix, and reading it as one would silently misread the weights. Until conv layers are lowered,
 * such consumers call {@link #require} first and fail with one line naming the projection.
 */
public final class DenseOnly {
    private DenseOnly() {}

    /**
     * Throws {@link IllegalArgumentException} for the first conv2d / sum_pool2d projection, e.g.
     * {@code projections[1] (h1 <- input) is a conv2d projection: conv layers are not lowered to loihi2 yet}.
     *
     * @param notYet what the consumer does not do yet, completing "conv layers are ...", e.g.
     *               {@code "not lowered to loihi2 yet"}
     */
    public static void require(Network net, String notYet) {
        int i = firstKernel(net);
        if (i >= 0) {
            Projection p = net.getProjections(i);
            throw new IllegalArgumentException("projections[" + i + "] (" + p.getTarget() + " <- " + p.getSource()
                    + ") is a " + kind(p) + " projection: conv layers are " + notYet);
        }
    }

    /** The index of the first conv2d or sum_pool2d projection, or -1 when every projection is dense. */
    public static int firstKernel(Network net) {
        for (int i = 0; i < net.getProjectionsCount(); i++) {
            if (kind(net.getProjections(i)) != null) {
                return i;
            }
        }
        return -1;
    }

    /** The proto field name of a projection's kernel ({@code conv2d}, {@code sum_pool2d}), or null for dense. */
    public static String kind(Projection p) {
        return switch (p.getConnectivityCase()) {
            case CONV2D -> "conv2d";
            case SUM_POOL2D -> "sum_pool2d";
            default -> null;
        };
    }
}
