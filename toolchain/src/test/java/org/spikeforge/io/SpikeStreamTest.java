package org.spikeforge.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.StateProbe;
import org.spikeforge.proto.Trace;

/** Binary spike streams: exact bytes, round trips, and one-line errors with the byte offset for bad files. */
class SpikeStreamTest {
  @TempDir Path dir;

  /** 2 channels, 3 steps, dt 0.5, label 1: channel 1 at step 0; channels 0 and 1 at step 2. */
  private static InputSpikes tiny() {
    return InputSpikes.newBuilder().setChannels(2).setLabel(1)
        .addTrains(SpikeTrain.newBuilder().addSteps(2))
        .addTrains(SpikeTrain.newBuilder().addSteps(0).addSteps(2)).build();
  }

  /** The bytes of {@link #tiny()} as docs/FORMATS.md lays them out, written down by hand. */
  private static final byte[] TINY = bytes(
      'S', 'F', 'S', 'S', 1, 1, // magic, version, kind = input
      0, 0, 0, 0, 0, 0, 0xE0, 0x3F, // dt = 0.5 little-endian
      3, 2, 0, // steps 3, label zigzag(1) = 2, source ""
      1, 5, 'i', 'n', 'p', 'u', 't', 2, 0, // one group "input", size 2, no counts
      0, // no probes
      1, 1, // step 0 (byte 27): one event, gap 1 from "before 0" -> id 1
      0, // step 1: silent
      2, 0, 0, // step 2: ids 0, 1
      'S', 'F', 'N', 'D', 3); // trailer: 3 events

  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int k = 0; k < v.length; k++) {
      b[k] = (byte) v[k];
    }
    return b;
  }

  @Test
  void tinyInputHasTheDocumentedBytesAndReadsBack() throws Exception {
    Path f = dir.resolve("tiny.spikes.bin");
    SpikeStreamWriter.writeInputs(f, tiny(), 3, 0.5);
    assertArrayEquals(TINY, Files.readAllBytes(f));
    assertEquals(tiny(), SpikeStreamReader.readInputSpikes(f, 2));
    try (SpikeStreamReader r = SpikeStreamReader.open(f)) {
      assertEquals(0.5, r.header().dt());
      assertEquals(3, r.header().steps());
      assertEquals(1, r.header().label());
    }
  }

  @Test
  void randomInputsWithRepeatedStepsRoundTrip() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int trial = 0; trial < 20; trial++) {
      int channels = 1 + rnd.nextInt(300);
      int steps = 1 + rnd.nextInt(500);
      InputSpikes.Builder in = InputSpikes.newBuilder().setChannels(channels).setLabel(rnd.nextInt(-1, 10));
      for (int c = 0; c < channels; c++) {
        SpikeTrain.Builder t = SpikeTrain.newBuilder();
        for (int s = 0; s < steps; s++) {
          int k = rnd.nextInt(20) == 0 ? 1 + rnd.nextInt(3) : 0;
          for (int j = 0; j < k; j++) {
            t.addSteps(s);
          }
        }
        in.addTrains(t);
      }
      Path f = dir.resolve("r" + trial + ".spikes.bin");
      SpikeStreamWriter.writeInputs(f, in.build(), steps, 0.01);
      assertEquals(in.build(), SpikeStreamReader.readInputSpikes(f, channels), "trial " + trial);
    }
  }

  @Test
  void traceWithCountsAndNegativeProbesRoundTrips() {
    Trace t = Trace.newBuilder().setSource("emulator:xylo").setSteps(4).setDt(0.25).setTrialEnd(1.0)
        .addPopulations(PopulationTrace.newBuilder().setName("h1")
            .addSpikes(SpikeTrain.newBuilder().addSteps(0).addSteps(0).addSteps(0).addSteps(3))
            .addSpikes(SpikeTrain.getDefaultInstance())
            .addSpikes(SpikeTrain.newBuilder().addSteps(1)))
        .addPopulations(PopulationTrace.newBuilder().setName("output")
            .addSpikes(SpikeTrain.newBuilder().addSteps(2)))
        .addProbes(StateProbe.newBuilder().setPopulation("h1").setNeuron(2).setVariable("vmem")
            .addValues(-32768).addValues(5).addValues(Long.MIN_VALUE).addValues(Long.MAX_VALUE))
        .build();
    Path f = dir.resolve("t.trace.bin");
    SpikeStreamWriter.writeTrace(f, t);
    assertEquals(t, SpikeStreamReader.readTrace(f));
  }

  private String error(byte[] content) throws Exception {
    Path f = dir.resolve("bad.spikes.bin");
    Files.write(f, content);
    SpikeForgeIoException e = assertThrows(SpikeForgeIoException.class,
        () -> SpikeStreamReader.readInputSpikes(f, 2));
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage().substring(f.toString().length() + 2);
  }

  @Test
  void everyTruncationIsOneLineNamingFileAndOffset() throws Exception {
    for (int cut = 0; cut < TINY.length; cut++) {
      String m = error(Arrays.copyOf(TINY, cut));
      assertTrue(m.startsWith("byte " + cut + ": ") || cut < 4, cut + ": " + m);
      assertTrue(m.contains("truncated") || cut < 4 && m.contains("truncated"), cut + ": " + m);
    }
    assertEquals("byte 29: truncated: the file ends inside step 1 of 3 (reading the event count of step 1 group 0)",
        error(Arrays.copyOf(TINY, 29)));
    assertEquals("byte 36: truncated: the file ends inside the trailer (reading the trailer)",
        error(Arrays.copyOf(TINY, 36)));
  }

  private static byte[] with(int at, int value) {
    byte[] b = TINY.clone();
    b[at] = (byte) value;
    return b;
  }

  @Test
  void garbageGetsItsOffsetAndTheBrokenRule() throws Exception {
    assertEquals("byte 0: not a SpikeForge spike stream (the file does not start with \"SFSS\")",
        error("{\"channels\": 2}".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    assertEquals("byte 4: version 2 is not supported (expected 1)", error(with(4, 2)));
    assertEquals("byte 5: kind 9 is unknown (expected 1 = input spikes or 2 = trace)", error(with(5, 9)));
    assertEquals("byte 24: group 0 size = 0 is out of range [1, 65536]", error(with(24, 0)));
    // step 0's gap 1 -> 2: id 2 in a group of size 2
    assertEquals("byte 28: step 0 group input: id 2 is out of range [0, 2) (ids are stored as gaps and must ascend)",
        error(with(28, 2)));
    assertEquals("byte 27: the event count of step 0 group 0 = 3 is out of range [0, 2]", error(with(27, 3)));
    assertEquals("byte 37: the trailer counts 4 events, the step records hold 3", error(with(37, 4)));
    byte[] extra = Arrays.copyOf(TINY, TINY.length + 1);
    assertEquals("byte 38: unexpected bytes after the trailer", error(extra));
    byte[] overlong = new byte[TINY.length + 10];
    System.arraycopy(TINY, 0, overlong, 0, 14);
    Arrays.fill(overlong, 14, 25, (byte) 0xFF);
    assertEquals("byte 14: steps: malformed varint (more than 64 bits)", error(overlong));
    assertEquals("channels: 2, expected the network's num_inputs = 3", errorFor(TINY, 3));
  }

  private String errorFor(byte[] content, int channels) throws Exception {
    Path f = dir.resolve("c.spikes.bin");
    Files.write(f, content);
    SpikeForgeIoException e = assertThrows(SpikeForgeIoException.class,
        () -> SpikeStreamReader.readInputSpikes(f, channels));
    return e.getMessage().substring(f.toString().length() + 2);
  }

  @Test
  void mutatedFilesGiveTheTypedErrorOrAValidSample() throws Exception {
    SplittableRandom rnd = new SplittableRandom(11);
    Path good = dir.resolve("g.spikes.bin");
    InputSpikes.Builder in = InputSpikes.newBuilder().setChannels(8).setLabel(3);
    for (int c = 0; c < 8; c++) {
      in.addTrains(SpikeTrain.newBuilder().addSteps(c).addSteps(c + 3));
    }
    SpikeStreamWriter.writeInputs(good, in.build(), 12, 0.1);
    byte[] base = Files.readAllBytes(good);
    Path f = dir.resolve("m.spikes.bin");
    int ok = 0;
    for (int k = 0; k < 3000; k++) {
      byte[] b = base.clone();
      for (int m = 1 + rnd.nextInt(3); m > 0; m--) {
        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
      }
      Files.write(f, rnd.nextInt(4) == 0 ? Arrays.copyOf(b, rnd.nextInt(b.length)) : b);
      try {
        InputSpikes s = SpikeStreamReader.readInputSpikes(f, -1);
        InputSpikesValidator.check(s, -1, f);
        ok++;
      } catch (SpikeForgeIoException e) {
        assertTrue(e.getMessage().startsWith(f.toString()) && !e.getMessage().contains("\n"), e.getMessage());
      }
    }
    assertTrue(ok > 0 && ok < 3000, "valid mutants: " + ok);
  }
}
