/**
 * Exchange formats that take SpikeForge networks into other ecosystems and back: a Lava process
 * graph in protobuf ({@code .lava.pb}) built from a {@code loihi2} config, the lava-dl netx HDF5
 * layout ({@code .net}) that {@code lava.lib.dl.netx.hdf5.Network} loads, and NIR's HDF5 graph
 * ({@code .nir}) for float LIF networks (CubaLIF as LIF_EXP, plain LIF as LIF_DELTA). Every
 * reader refuses a damaged file with one line naming the file and the field that failed; every
 * writer replaces its target atomically.
 */
package org.spikeforge.hw.export;
