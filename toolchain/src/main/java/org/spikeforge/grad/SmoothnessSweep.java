package org.spikeforge.grad;

/**
 * One weight sweep of SCIENCE.md 2 (smoothness): spikeTimes[point][k] and dTimeDWeight[point][k] are the k-th
 * in-trial spike (k &lt; 3) of the observed neuron and its derivative with respect to the swept weight; NaN when the
 * spike is absent at that point.
 */
public record SmoothnessSweep(String label, double[] weights, double[][] spikeTimes, double[][] dTimeDWeight) {}
