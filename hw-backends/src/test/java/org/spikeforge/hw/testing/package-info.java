/** Builders of small real networks shared by the hw-backends tests. */
package org.spikeforge.hw.testing;
