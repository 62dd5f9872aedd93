package org.spikeforge.ttfs;

/** The two neuron models the fast TTFS path supports (a subset of {@code spikeforge.v1.NeuronModel}). */
public enum TtfsModel {
  /** Theta neuron (QIF with delta-pulse input and constant drive), written as a phase; SCIENCE.md 1.2. */
  THETA,
  /** Current-based LIF with tau_s = tau / 2, threshold V_th, reset of V to 0; SCIENCE.md 1.3. */
  LIF_EXP
}
