/** JMH benchmarks of the exact simulator and its reverse-mode gradient; run with bench/jmh.sh toolchain. */
package org.spikeforge.bench;
