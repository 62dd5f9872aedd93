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
    /**
     * {@link #require} for a hardware target by its name ({@code Target.name()}); Xylo's message also
     * names its limit, since Xylo has no shared-weight synapses at all.
     */
    public static void requireForTarget(Network net, String targetName) {
        require(net, "not lowered to " + targetName + " yet" + (targetName.startsWith("xylo")
                ? " (Xylo has dense input, dense recurrent and dense readout weights only)" : ""));
    }

    public static void require(Network net, String notYet) {
        for (int i = 0; i < net.getProjectionsCount(); i++) {
            Projection p = net.getProjections(i);
            String kind = switch (p.getConnectivityCase()) {
                case CONV2D -> "conv2d";
                case SUM_POOL2D -> "sum_pool2d";
                default -> null;
            };
            if (kind != null) {
                throw new IllegalArgumentException("projections[" + i + "] (" + p.getTarget() + " <- " + p.getSource()
                        + ") is a " + kind + " projection: conv layers are " + notYet);
            }
        }
    }
}
