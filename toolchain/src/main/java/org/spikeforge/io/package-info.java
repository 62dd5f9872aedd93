/**
 * Files in and out of SpikeForge: reading and writing every proto message (Network, InputSpikes,
 * SpikeDataset, Trace, HardwareConfig) as protobuf binary ({@code .pb}) or protobuf JSON
 * ({@code .json}), chosen by extension; atomic writes; and validators that turn bad input into
 * one-line errors of the form {@code FILE: FIELD: PROBLEM} before any simulator or compiler sees
 * it; and binary spike streams ({@code .spikes.bin}, {@code .trace.bin}), read and written step by
 * step so that long emulator runs need neither JSON nor memory per step. The format reference is
 * docs/FORMATS.md.
 */
package org.spikeforge.io;
