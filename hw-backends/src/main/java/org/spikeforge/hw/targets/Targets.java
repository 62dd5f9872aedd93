package org.spikeforge.hw.targets;

import java.util.Arrays;
import java.util.List;
import org.spikeforge.proto.TargetFamily;

/** The registry of built-in targets, one per {@link TargetFamily}. */
public final class Targets {

    private Targets() {
    }

    /** Wire names of the known targets, in {@link TargetFamily} order. */
    public static List<String> names() {
        return Arrays.stream(TargetFamily.values()).map(TargetFamily::wireName).toList();
    }

    /** A fresh target of the family; the switch is exhaustive, so a new family cannot be forgotten here. */
    public static Target of(TargetFamily family) {
        return switch (family) {
            case LOIHI2 -> new Loihi2Target();
            case XYLO -> new XyloTarget();
            case THETA -> new ThetaTarget();
        };
    }

    /**
     * A fresh target by wire name, for callers holding a string (tests, bench scripts).
     *
     * @throws IllegalArgumentException "unknown target 'x' (choose loihi2, xylo, theta)"
     */
    public static Target byName(String name) {
        return of(TargetFamily.parse(name));
    }
}
