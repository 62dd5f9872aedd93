package org.spikeforge.hw.targets;

/**
 * One design-rule violation: which layer (or "network"), which quantity, its value and the limit.
 * {@link #toString()} gives the one-line form printed by the CLI.
 */
public record Violation(String layer, String quantity, String value, String limit) {

    public static Violation of(String layer, String quantity, Object value, Object limit) {
        return new Violation(layer, quantity, String.valueOf(value), String.valueOf(limit));
    }

    @Override
    public String toString() {
        return layer + ": " + quantity + " = " + value + " violates limit " + limit;
    }
}
