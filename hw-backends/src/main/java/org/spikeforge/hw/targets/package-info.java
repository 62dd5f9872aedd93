/**
 * Hardware targets: each {@link org.spikeforge.hw.targets.Target} states its
 * {@link org.spikeforge.hw.targets.TargetConstraints}, checks a network against them (every
 * {@link org.spikeforge.hw.targets.Violation} at once), lowers it to a {@code HardwareConfig} and
 * estimates resources. The API the CLI {@code compile} command calls is three lines:
 * <pre>{@code
 *   Target t = Targets.byName("loihi2");                 // or "xylo", "theta"; unknown names list the known ones
 *   List<Violation> v = t.check(network, QuantSpec.defaults(dt));
 *   HardwareConfig cfg = t.lower(network, spec, Calibration.none()); // throws DesignRuleException with all of v
 *   System.out.print(t.report(cfg).toTable());           // or toJson()
 * }</pre>
 * {@code fakeQuantize} returns the network with the effective hardware weights for
 * quantization-aware training.
 */
package org.spikeforge.hw.targets;
