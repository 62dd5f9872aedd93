/**
 * Post-training quantization of float SpikeForge networks to integer hardware formats: the
 * {@link org.spikeforge.hw.quant.QuantSpec} knobs, the {@link org.spikeforge.hw.quant.Calibration}
 * statistics the toolchain measures in float simulations, symmetric weight quantization per layer or
 * per output channel, the exact float-to-integer formulas for LIF decays and thresholds
 * ({@link org.spikeforge.hw.quant.LifDiscretization}), the theta-neuron phase tables
 * ({@link org.spikeforge.hw.quant.ThetaTableBuilder}), input spike times to steps
 * ({@link org.spikeforge.hw.quant.InputQuantizer}) and fake quantization for quantization-aware training.
 */
package org.spikeforge.hw.quant;
