package org.spikeforge.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.StateProbe;
import org.spikeforge.proto.Trace;

/**
 * Writes a binary spike stream (docs/FORMATS.md, "Spike streams") step by step into its own buffer, so a run of
 * any length is written in constant memory and without allocation per step. Per step, call {@link #group} once
 * for each header group in order, then {@link #endStep}; after the last step {@link #finish} writes the trailer.
 * The writer checks the order of calls and the events against the header, so it never writes a file that
 * {@link SpikeStreamReader} refuses. Not thread-safe.
 */
public final class SpikeStreamWriter {
  private final OutputStream out;
  private final SpikeStreamHeader header;
  private final int[] sizes;
  private final boolean[] counts;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private long step;
  private int group;
  private long events;

  /** Writes the header of {@code header} to {@code out}, which stays open (the caller closes it). */
  public SpikeStreamWriter(OutputStream out, SpikeStreamHeader header) throws IOException {
    this.out = out;
    this.header = header;
    int g = header.groups().size();
    this.sizes = new int[g];
    this.counts = new boolean[g];
    for (int k = 0; k < g; k++) {
      sizes[k] = header.groups().get(k).size();
      counts[k] = header.groups().get(k).counts();
    }
    bytes(SpikeStreamFormat.MAGIC);
    put(SpikeStreamFormat.VERSION);
    put(header.kind().code());
    long bits = Double.doubleToRawLongBits(header.dt());
    for (int k = 0; k < 8; k++) {
      put((int) (bits >>> (8 * k)));
    }
    varint(header.steps());
    varint(zigzag(header.label()));
    string(header.source());
    varint(g);
    for (SpikeStreamHeader.Group gr : header.groups()) {
      string(gr.name());
      varint(gr.size());
      put(gr.counts() ? 1 : 0);
    }
    varint(header.probes().size());
    for (SpikeStreamHeader.Probe p : header.probes()) {
      string(p.population());
      varint(p.neuron());
      string(p.variable());
    }
  }

  /**
   * The events of the current step's next group: ids {@code ids[0..n)} strictly ascending in [0, size), with
   * their counts {@code >= 1} ({@code counts} is read only if the group stores counts; it may then be null
   * otherwise).
   */
  public void group(int[] ids, int[] counts, int n) throws IOException {
    if (step >= header.steps() || group >= sizes.length) {
      throw new IllegalStateException("group record beyond step " + step + " group " + group + " of the header");
    }
    int size = sizes[group];
    boolean withCounts = this.counts[group];
    if (n < 0 || n > size) {
      throw new IllegalArgumentException("step " + step + " group " + group + ": " + n + " events for size " + size);
    }
    varint(n);
    int previous = -1;
    for (int e = 0; e < n; e++) {
      int id = ids[e];
      if (id <= previous || id >= size) {
        throw new IllegalArgumentException("step " + step + " group " + group + ": id " + id + " after " + previous
            + " (ids must be ascending in [0, " + size + "))");
      }
      varint(id - previous - 1);
      if (withCounts) {
        if (counts[e] < 1) {
          throw new IllegalArgumentException("step " + step + " group " + group + ": count " + counts[e] + " < 1");
        }
        varint(counts[e]);
      }
      previous = id;
    }
    events += n;
    group++;
  }

  /** Ends the current step with its probe values (one per header probe; null when there are none). */
  public void endStep(long[] probeValues) throws IOException {
    if (group != sizes.length) {
      throw new IllegalStateException("step " + step + " ended after " + group + " of " + sizes.length + " groups");
    }
    int p = header.probes().size();
    for (int k = 0; k < p; k++) {
      varint(zigzag(probeValues[k]));
    }
    group = 0;
    step++;
  }

  /** Writes the trailer and flushes; every declared step must have been written. */
  public void finish() throws IOException {
    if (step != header.steps() || group != 0) {
      throw new IllegalStateException("finished after " + step + " of " + header.steps() + " steps");
    }
    bytes(SpikeStreamFormat.END);
    varint(events);
    out.write(buf, 0, pos);
    pos = 0;
    out.flush();
  }

  /** Atomically writes a sample whose trains hold steps (times are ignored) as an input stream. */
  public static void writeInputs(Path file, InputSpikes stepped, long steps, double dt) {
    int channels = stepped.getTrainsCount();
    boolean multi = false;
    for (SpikeTrain t : stepped.getTrainsList()) {
      for (int k = 1; k < t.getStepsCount() && !multi; k++) {
        multi = t.getSteps(k) == t.getSteps(k - 1);
      }
    }
    SpikeStreamHeader h = SpikeStreamHeader.input(steps, dt, stepped.getLabel(), Math.max(channels, 1), multi);
    List<SpikeTrain> trains = stepped.getTrainsList();
    AtomicFiles.write(file, os -> writeSparse(new SpikeStreamWriter(os, h), List.of(trains), null, steps));
  }

  /**
   * Atomically writes a trace: its populations become the groups, its integer probes the probes. The step count
   * is the trace's {@code steps}, raised to cover every spike and probe value (a board's trace may leave it 0).
   */
  public static void writeTrace(Path file, Trace trace) {
    long steps = trace.getSteps();
    List<SpikeStreamHeader.Group> groups = new ArrayList<>();
    List<List<SpikeTrain>> trains = new ArrayList<>();
    for (PopulationTrace p : trace.getPopulationsList()) {
      boolean multi = false;
      for (SpikeTrain t : p.getSpikesList()) {
        for (int k = 1; k < t.getStepsCount() && !multi; k++) {
          multi = t.getSteps(k) == t.getSteps(k - 1);
        }
        if (t.getStepsCount() > 0) {
          steps = Math.max(steps, t.getSteps(t.getStepsCount() - 1) + 1);
        }
      }
      groups.add(new SpikeStreamHeader.Group(p.getName(), Math.max(1, p.getSpikesCount()), multi));
      trains.add(p.getSpikesList());
    }
    List<SpikeStreamHeader.Probe> probes = new ArrayList<>();
    for (StateProbe p : trace.getProbesList()) {
      probes.add(new SpikeStreamHeader.Probe(p.getPopulation(), p.getNeuron(), p.getVariable()));
      steps = Math.max(steps, p.getValuesCount());
    }
    long total = steps;
    SpikeStreamHeader h = new SpikeStreamHeader(SpikeStreamHeader.Kind.TRACE, total, trace.getDt(), -1,
        trace.getSource(), groups, probes);
    AtomicFiles.write(file, os -> writeSparse(new SpikeStreamWriter(os, h), trains, trace.getProbesList(), total));
  }

  /** Turns per-id step lists into step records (an id's repeated step is one event with a count). */
  private static void writeSparse(SpikeStreamWriter w, List<List<SpikeTrain>> groups, List<StateProbe> probes,
      long steps) throws IOException {
    int[][] cursor = new int[groups.size()][];
    int widest = 1;
    for (int g = 0; g < groups.size(); g++) {
      cursor[g] = new int[groups.get(g).size()];
      widest = Math.max(widest, groups.get(g).size());
    }
    int[] ids = new int[widest];
    int[] counts = new int[widest];
    long[] values = new long[probes == null ? 0 : probes.size()];
    for (long t = 0; t < steps; t++) {
      for (int g = 0; g < groups.size(); g++) {
        List<SpikeTrain> trains = groups.get(g);
        int n = 0;
        for (int i = 0; i < trains.size(); i++) {
          SpikeTrain tr = trains.get(i);
          int c = 0;
          while (cursor[g][i] < tr.getStepsCount() && tr.getSteps(cursor[g][i]) <= t) {
            if (tr.getSteps(cursor[g][i]) == t) {
              c++;
            }
            cursor[g][i]++;
          }
          if (c > 0) {
            ids[n] = i;
            counts[n++] = c;
          }
        }
        w.group(ids, counts, n);
      }
      for (int p = 0; p < values.length; p++) {
        values[p] = t < probes.get(p).getValuesCount() ? probes.get(p).getValues((int) t) : 0;
      }
      w.endStep(values);
    }
    w.finish();
  }

  private void room(int needed) throws IOException {
    if (pos + needed > buf.length) {
      out.write(buf, 0, pos);
      pos = 0;
    }
  }

  private void put(int b) throws IOException {
    room(1);
    buf[pos++] = (byte) b;
  }

  private void bytes(byte[] b) throws IOException {
    for (byte x : b) {
      put(x);
    }
  }

  private void string(String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > SpikeStreamFormat.MAX_NAME_BYTES) {
      throw new IllegalArgumentException("name of " + b.length + " bytes, limit " + SpikeStreamFormat.MAX_NAME_BYTES);
    }
    varint(b.length);
    bytes(b);
  }

  /** Unsigned LEB128; the caller made room (or the value goes through {@link #put}). */
  private void varint(long v) throws IOException {
    room(10);
    while ((v & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }
}
