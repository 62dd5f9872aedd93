/**
 * JMH benchmarks of the emulator's step loop (run with {@code bench/jmh.sh emulator ...}); they measure time
 * steps and synaptic events per second on one core for the reference 100-to-100 loihi2 network.
 */
package org.spikeforge.emulator.bench;
