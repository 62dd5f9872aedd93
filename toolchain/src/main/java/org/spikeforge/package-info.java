/**
 * The SpikeForge toolchain: exact event-based simulation of spiking neurons, exact spike-time
 * gradients with pseudospikes, training, datasets, verification against the emulator,
 * hardware-in-the-loop fine-tuning and the {@code spikeforge} command line.
 */
package org.spikeforge;
