/** End-to-end tests that cross modules: train, compile, emulate, deploy, fine-tune. */
package org.spikeforge.e2e;
