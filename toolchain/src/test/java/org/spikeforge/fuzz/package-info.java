/**
 * Coverage-guided fuzz tests (Jazzer's JUnit integration) of every file reader: network and hwcfg
 * {@code .pb}/JSON, input spikes and datasets, traces, IDX, netx HDF5, NIR, the Lava process graph
 * and the checkpoints. The contract each one checks ({@link org.spikeforge.fuzz.FuzzContract}): a
 * reader either succeeds or throws the project's typed bad-input error naming the file, never
 * anything else, within 5 s and without running out of memory. A normal test run replays the seeds
 * and every input the fuzzer once found under {@code src/test/resources/org/spikeforge/fuzz/
 * CLASSInputs/METHOD/}; {@code bench/fuzz.sh CLASS#METHOD} fuzzes one reader for real.
 */
package org.spikeforge.fuzz;
