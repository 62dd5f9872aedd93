package org.spikeforge.hw.targets;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@code lower} when the design-rule check fails; carries and prints every violation. */
public final class DesignRuleException extends IllegalArgumentException {

    private final transient List<Violation> violations;

    public DesignRuleException(String target, String network, List<Violation> violations) {
        super("network '" + network + "' does not fit target " + target + " (" + violations.size() + " violation"
                + (violations.size() == 1 ? "" : "s") + "): "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
