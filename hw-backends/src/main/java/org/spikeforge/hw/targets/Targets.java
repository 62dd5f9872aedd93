package org.spikeforge.hw.targets;

import java.util.List;

/** The registry of built-in targets, looked up by name. */
public final class Targets {

    private static final List<String> NAMES = List.of("loihi2", "xylo", "theta");

    private Targets() {
    }

    /** Names of the known targets. */
    public static List<String> names() {
        return NAMES;
    }

    /** A fresh target by name; an unknown name gets a one-line error listing the known ones. */
    public static Target byName(String name) {
        if (name == null) throw new IllegalArgumentException("target name is null; known targets: " + String.join(", ", NAMES));
        return switch (name) {
            case "loihi2" -> new Loihi2Target();
            case "xylo" -> new XyloTarget();
            case "theta" -> new ThetaTarget();
            default -> throw new IllegalArgumentException("unknown target '" + name + "'; known targets: " + String.join(", ", NAMES));
        };
    }
}
