package org.spikeforge.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spikeforge.emulator.StepInput;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.StateProbe;
import org.spikeforge.proto.Trace;

/**
 * Reads a binary spike stream (docs/FORMATS.md, "Spike streams") step by step through its own buffer, checking
 * everything the format promises as it goes: magic, version, limits, ids ascending and in range, counts, and the
 * trailer's event count. Any problem is one {@link SpikeForgeIoException} naming the file and the byte offset,
 * e.g. {@code s.spikes.bin: byte 1043: truncated: the file ends inside step 97}. Per step, call {@link #group}
 * once for each header group, then {@link #endStep}; after the last step, {@link #finish}. Not thread-safe.
 */
public final class SpikeStreamReader implements Closeable {
  private final Path file;
  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private long base;
  private final SpikeStreamHeader header;
  private final int[] sizes;
  private final boolean[] withCounts;
  private long step;
  private int group;
  private long events;

  private SpikeStreamReader(Path file, InputStream in) throws IOException {
    this.file = file;
    this.in = in;
    long at = offset();
    for (byte m : SpikeStreamFormat.MAGIC) {
      if (u8("the magic") != (m & 0xFF)) {
        throw bad(at, "not a SpikeForge spike stream (the file does not start with \"SFSS\")");
      }
    }
    at = offset();
    int version = u8("the version");
    if (version != SpikeStreamFormat.VERSION) {
      throw bad(at, "version " + version + " is not supported (expected " + SpikeStreamFormat.VERSION + ")");
    }
    at = offset();
    int kindCode = u8("the kind");
    SpikeStreamHeader.Kind kind = null;
    for (SpikeStreamHeader.Kind k : SpikeStreamHeader.Kind.values()) {
      kind = k.code() == kindCode ? k : kind;
    }
    if (kind == null) {
      throw bad(at, "kind " + kindCode + " is unknown (expected 1 = input spikes or 2 = trace)");
    }
    at = offset();
    long bits = 0;
    for (int k = 0; k < 8; k++) {
      bits |= (long) u8("dt") << (8 * k);
    }
    double dt = Double.longBitsToDouble(bits);
    if (!(dt >= 0) || Double.isInfinite(dt)) {
      throw bad(at, "dt = " + dt + " must be finite and >= 0");
    }
    at = offset();
    long steps = varint64("steps");
    if (steps > SpikeStreamFormat.MAX_STEPS) {
      throw bad(at, "steps = " + steps + " exceeds the limit " + SpikeStreamFormat.MAX_STEPS);
    }
    at = offset();
    long label = unzigzag(varint64("label"));
    if (label < -1 || label > Integer.MAX_VALUE) {
      throw bad(at, "label = " + label + " must be >= 0 or -1 (unknown)");
    }
    String source = string("source");
    at = offset();
    int g = bounded("the group count", 1, SpikeStreamFormat.MAX_GROUPS);
    if (kind == SpikeStreamHeader.Kind.INPUT && g != 1) {
      throw bad(at, "an input stream has exactly 1 group (the channels), not " + g);
    }
    List<SpikeStreamHeader.Group> groups = new ArrayList<>();
    for (int k = 0; k < g; k++) {
      String name = string("group " + k + " name");
      int size = bounded("group " + k + " size", 1, SpikeStreamFormat.MAX_GROUP_SIZE);
      at = offset();
      int flags = u8("group " + k + " flags");
      if (flags > 1) {
        throw bad(at, "group " + k + " flags = " + flags + " (only bit 0, counts, is defined)");
      }
      groups.add(new SpikeStreamHeader.Group(name, size, flags == 1));
    }
    at = offset();
    int p = bounded("the probe count", 0, SpikeStreamFormat.MAX_PROBES);
    if (kind == SpikeStreamHeader.Kind.INPUT && p != 0) {
      throw bad(at, "an input stream has no probes, not " + p);
    }
    List<SpikeStreamHeader.Probe> probes = new ArrayList<>();
    for (int k = 0; k < p; k++) {
      probes.add(new SpikeStreamHeader.Probe(string("probe " + k + " population"),
          bounded("probe " + k + " neuron", 0, SpikeStreamFormat.MAX_GROUP_SIZE - 1), string("probe " + k + " variable")));
    }
    this.header = new SpikeStreamHeader(kind, steps, dt, (int) label, source, groups, probes);
    this.sizes = groups.stream().mapToInt(SpikeStreamHeader.Group::size).toArray();
    this.withCounts = new boolean[g];
    for (int k = 0; k < g; k++) {
      withCounts[k] = groups.get(k).counts();
    }
  }

  /**
   * Opens {@code file} and reads its header.
   *
   * @throws SpikeForgeIoException for a missing or unreadable file or a bad header
   */
  public static SpikeStreamReader open(Path file) {
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new SpikeForgeIoException(file, null, "no such file", e);
    } catch (IOException e) {
      throw new SpikeForgeIoException(file, null, "cannot read: " + AtomicFiles.describe(e), e);
    }
    try {
      return new SpikeStreamReader(file, in);
    } catch (IOException | RuntimeException e) {
      try {
        in.close();
      } catch (IOException ignored) {
        // the header problem is what the user needs to see
      }
      throw e instanceof SpikeForgeIoException s ? s
          : new SpikeForgeIoException(file, null, "cannot read: " + e.getMessage(), e);
    }
  }

  /** The header read by {@link #open}. */
  public SpikeStreamHeader header() {
    return header;
  }

  /** The file being read, for messages. */
  public Path file() {
    return file;
  }

  /**
   * Reads the current step's next group: writes its ids (ascending) and counts (1 when the group stores none)
   * and returns how many there are. Both arrays need room for the group's size.
   */
  public int group(int[] ids, int[] counts) {
    if (step >= header.steps() || group >= sizes.length) {
      throw new IllegalStateException("read past step " + step + " group " + group);
    }
    int size = sizes[group];
    long at = offset();
    long count = hot(EVENT_COUNT);
    if (count > size) {
      throw bad(at, describe(EVENT_COUNT) + " = " + Long.toUnsignedString(count) + " is out of range [0, " + size + "]");
    }
    int n = (int) count;
    boolean counted = withCounts[group];
    int id = -1;
    for (int e = 0; e < n; e++) {
      at = offset();
      long next = id + 1L + hot(ID);
      if (next >= size || next < 0) {
        throw bad(at, "step " + step + " group " + quoted(group) + ": id " + Long.toUnsignedString(next)
            + " is out of range [0, " + size + ") (ids are stored as gaps and must ascend)");
      }
      id = (int) next;
      ids[e] = id;
      if (counted) {
        at = offset();
        long c = hot(SPIKE_COUNT);
        if (c < 1 || c > Integer.MAX_VALUE) {
          throw bad(at, describe(SPIKE_COUNT) + " = " + Long.toUnsignedString(c) + " is out of range [1, "
              + Integer.MAX_VALUE + "]");
        }
        counts[e] = (int) c;
      } else {
        counts[e] = 1;
      }
    }
    events += n;
    group++;
    return n;
  }

  /** Reads the current step's probe values into {@code values} (one per header probe) and ends the step. */
  public void endStep(long[] values) {
    if (group != sizes.length) {
      throw new IllegalStateException("step " + step + " ended after " + group + " groups");
    }
    for (int p = 0; p < header.probes().size(); p++) {
      values[p] = unzigzag(hot(PROBE_VALUE));
    }
    group = 0;
    step++;
  }

  /** Reads the trailer after the last step and checks its event count and that the file ends there. */
  public void finish() {
    if (step != header.steps()) {
      throw new IllegalStateException("finish after " + step + " of " + header.steps() + " steps");
    }
    long at = offset();
    for (byte m : SpikeStreamFormat.END) {
      if (u8("the trailer") != (m & 0xFF)) {
        throw bad(at, "no trailer \"SFND\" after the " + header.steps() + " steps the header declares");
      }
    }
    at = offset();
    long declared = varint64("the trailer's event count");
    if (declared != events) {
      throw bad(at, "the trailer counts " + declared + " events, the step records hold " + events);
    }
    at = offset();
    if (fill()) {
      throw bad(at, "unexpected bytes after the trailer");
    }
  }

  /**
   * This input stream as the emulator's {@link StepInput}: steps past the file's last give no input, and the
   * trailer is checked when the last step has been read (a shorter run never reads the rest).
   */
  public StepInput stepInput() {
    if (header.kind() != SpikeStreamHeader.Kind.INPUT) {
      throw new SpikeForgeIoException(file, null, "is a trace stream, expected input spikes");
    }
    long[] none = new long[0];
    return (t, channels, counts) -> {
      if (t != step || t >= header.steps()) {
        return 0;
      }
      int n = group(channels, counts);
      endStep(none);
      if (step == header.steps()) {
        finish();
      }
      return n;
    };
  }

  /** Reads a whole input stream as a sample with steps (and no times), checked against the channel count. */
  public static InputSpikes readInputSpikes(Path file, int expectedChannels) {
    try (SpikeStreamReader r = open(file)) {
      SpikeStreamHeader h = r.header();
      if (h.kind() != SpikeStreamHeader.Kind.INPUT) {
        throw new SpikeForgeIoException(file, null, "is a trace stream, expected input spikes");
      }
      int channels = h.groups().get(0).size();
      if (expectedChannels >= 0 && channels != expectedChannels) {
        throw new SpikeForgeIoException(file, "channels", channels + ", expected the network's num_inputs = "
            + expectedChannels);
      }
      SpikeTrain.Builder[][] b = r.readAll();
      InputSpikes.Builder out = InputSpikes.newBuilder().setChannels(channels).setLabel(h.label());
      for (SpikeTrain.Builder t : b[0]) {
        out.addTrains(t);
      }
      return out.build();
    }
  }

  /** Reads a whole trace stream as a proto {@link Trace}. */
  public static Trace readTrace(Path file) {
    try (SpikeStreamReader r = open(file)) {
      SpikeStreamHeader h = r.header();
      if (h.kind() != SpikeStreamHeader.Kind.TRACE) {
        throw new SpikeForgeIoException(file, null, "is an input stream, expected a trace");
      }
      StateProbe.Builder[] probes = new StateProbe.Builder[h.probes().size()];
      for (int p = 0; p < probes.length; p++) {
        SpikeStreamHeader.Probe pr = h.probes().get(p);
        probes[p] = StateProbe.newBuilder().setPopulation(pr.population()).setNeuron(pr.neuron())
            .setVariable(pr.variable());
      }
      SpikeTrain.Builder[][] b = r.readAll(probes);
      Trace.Builder t = Trace.newBuilder().setSource(h.source()).setSteps(h.steps()).setDt(h.dt())
          .setTrialEnd(h.steps() * h.dt());
      for (int g = 0; g < b.length; g++) {
        PopulationTrace.Builder p = PopulationTrace.newBuilder().setName(h.groups().get(g).name());
        for (SpikeTrain.Builder s : b[g]) {
          p.addSpikes(s);
        }
        t.addPopulations(p);
      }
      for (StateProbe.Builder p : probes) {
        t.addProbes(p);
      }
      return t.build();
    }
  }

  private SpikeTrain.Builder[][] readAll(StateProbe.Builder... probes) {
    SpikeTrain.Builder[][] b = new SpikeTrain.Builder[sizes.length][];
    int widest = 1;
    for (int g = 0; g < sizes.length; g++) {
      b[g] = new SpikeTrain.Builder[sizes[g]];
      for (int i = 0; i < sizes[g]; i++) {
        b[g][i] = SpikeTrain.newBuilder();
      }
      widest = Math.max(widest, sizes[g]);
    }
    int[] ids = new int[widest];
    int[] counts = new int[widest];
    long[] values = new long[header.probes().size()];
    for (long t = 0; t < header.steps(); t++) {
      for (int g = 0; g < sizes.length; g++) {
        int n = group(ids, counts);
        for (int e = 0; e < n; e++) {
          for (int c = 0; c < counts[e]; c++) {
            b[g][ids[e]].addSteps(t);
          }
        }
      }
      endStep(values);
      for (int p = 0; p < probes.length; p++) {
        probes[p].addValues(values[p]);
      }
    }
    finish();
    return b;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new SpikeForgeIoException(file, null, "cannot close: " + AtomicFiles.describe(e), e);
    }
  }

  private String quoted(int g) {
    return header == null ? String.valueOf(g) : header.groups().get(g).name();
  }

  private long offset() {
    return base + pos;
  }

  /** Makes at least one byte available; false at the end of the file. */
  private boolean fill() {
    if (pos < limit) {
      return true;
    }
    try {
      base += limit;
      pos = 0;
      limit = 0;
      int n;
      do {
        n = in.read(buf, 0, buf.length);
      } while (n == 0);
      if (n < 0) {
        return false;
      }
      limit = n;
      return true;
    } catch (IOException e) {
      throw new SpikeForgeIoException(file, "byte " + offset(), "cannot read: " + AtomicFiles.describe(e), e);
    }
  }

  private int u8(String what) {
    if (pos >= limit && !fill()) {
      throw truncated(what);
    }
    return buf[pos++] & 0xFF;
  }

  private long varint64(String what) {
    long at = offset();
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = pos < limit ? buf[pos++] & 0xFF : u8(what);
      if (shift == 63 && b > 1) {
        break;
      }
      v |= (long) (b & 0x7F) << shift;
      if (b < 0x80) {
        return v;
      }
    }
    throw bad(at, what + ": malformed varint (more than 64 bits)");
  }

  private static final int EVENT_COUNT = 0;
  private static final int ID = 1;
  private static final int SPIKE_COUNT = 2;
  private static final int PROBE_VALUE = 3;

  /** What a step-record varint is, built only for a message (the hot path concatenates no strings). */
  private String describe(int what) {
    return switch (what) {
      case EVENT_COUNT -> "the event count of step " + step + " group " + group;
      case ID -> "an id of step " + step;
      case SPIKE_COUNT -> "a spike count of step " + step;
      default -> "a probe value of step " + step;
    };
  }

  /** A step-record varint: one-byte values (the common case) straight from the buffer, else the full decoder. */
  private long hot(int what) {
    if (pos < limit) {
      int b = buf[pos];
      if (b >= 0) {
        pos++;
        return b;
      }
    }
    long at = offset();
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit && !fill()) {
        throw truncated(describe(what));
      }
      int b = buf[pos++] & 0xFF;
      if (shift == 63 && b > 1) {
        break;
      }
      v |= (long) (b & 0x7F) << shift;
      if (b < 0x80) {
        return v;
      }
    }
    throw bad(at, describe(what) + ": malformed varint (more than 64 bits)");
  }

  private int bounded(String what, int lo, int hi) {
    long at = offset();
    long v = varint64(what);
    if (v < lo || v > hi) {
      throw bad(at, what + " = " + Long.toUnsignedString(v) + " is out of range [" + lo + ", " + hi + "]");
    }
    return (int) v;
  }

  private String string(String what) {
    int length = bounded(what + " length", 0, SpikeStreamFormat.MAX_NAME_BYTES);
    long at = offset();
    byte[] b = new byte[length];
    for (int k = 0; k < length; k++) {
      b[k] = (byte) u8(what);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw bad(at, what + " is not valid UTF-8");
    }
  }

  private SpikeForgeIoException truncated(String what) {
    String where = header == null ? "the header"
        : step >= header.steps() ? "the trailer" : "step " + step + " of " + header.steps();
    return bad(offset(), "truncated: the file ends inside " + where + " (reading " + what + ")");
  }

  private SpikeForgeIoException bad(long at, String problem) {
    return new SpikeForgeIoException(file, "byte " + at, problem);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
