package org.spikeforge.hw.device;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.StateProbe;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.proto.Trace;

/**
 * A {@link Device} on any shared library that exports the board ABI. Every method is synchronized:
 * the ABI forbids concurrent calls on one handle, so threads sharing a device are serialized here.
 * After {@link #close()} every call fails with a clear message; closing again does nothing.
 */
public final class JnaDevice implements Device {
    private static final int CAP_KEYS = 10;

    private final BoardLibrary library;
    private final BoardAbi abi;
    private final String boardId;
    private Pointer handle;
    private List<LayerShape> layers = List.of();
    private int numInputs;
    private double dt;
    private TargetFamily family;
    private boolean probing;

    private JnaDevice(BoardLibrary library, String boardId, Pointer handle) {
        this.library = library;
        this.abi = library.abi();
        this.boardId = boardId;
        this.handle = handle;
    }

    /** Loads the library named by {@code librarySpec} (see {@link BoardLibrary#load}) and opens a board. */
    public static JnaDevice open(String librarySpec, String boardId) {
        return open(BoardLibrary.load(librarySpec), boardId);
    }

    static JnaDevice open(BoardLibrary library, String boardId) {
        PointerByReference out = new PointerByReference();
        library.checkOpen(library.abi().sf_open(boardId, out), "sf_open(" + boardId + ")");
        JnaDevice device = new JnaDevice(library, boardId, out.getValue());
        String reported = library.readString((buf, cap, req) -> library.abi().sf_target_family(device.handle, buf, cap, req),
                device.handle, "sf_target_family");
        TargetFamily family = TargetFamily.find(reported).orElse(null);
        if (family == null) {
            device.close();
            throw DeviceException.binding("board '" + boardId + "' reports target family '" + reported + "' (expected "
                    + TargetFamily.choices(TargetFamily.values()) + ")");
        }
        device.family = family;
        return device;
    }

    @Override
    public String boardId() {
        return boardId;
    }

    /** The spec of the library this device lives in. */
    public String librarySpec() {
        return library.spec();
    }

    private Pointer live() {
        if (handle == null) {
            throw DeviceException.binding(boardId + ": device is closed");
        }
        return handle;
    }

    private void check(int rc, String call) {
        library.check(rc, handle, boardId, call);
    }

    @Override
    public synchronized Capabilities capabilities() {
        Pointer h = live();
        long[] values = new long[CAP_KEYS + 1];
        LongByReference value = new LongByReference();
        for (int key = 1; key <= CAP_KEYS; key++) {
            check(abi.sf_capability(h, key, value), "sf_capability(" + key + ")");
            values[key] = value.getValue();
        }
        return new Capabilities(family, values[1], values[2], values[3], values[4], values[5], values[6], values[7],
                values[8], values[9], values[10]);
    }

    @Override
    public synchronized void load(HardwareConfig config) {
        Pointer h = live();
        byte[] bytes = config.toByteArray();
        check(abi.sf_load_config(h, bytes, bytes.length), "sf_load_config");
        IntByReference count = new IntByReference();
        check(abi.sf_layer_count(h, count), "sf_layer_count");
        List<LayerShape> shapes = new ArrayList<>();
        IntByReference size = new IntByReference();
        IntByReference fanIn = new IntByReference();
        IntByReference recurrent = new IntByReference();
        for (int i = 0; i < count.getValue(); i++) {
            int layer = i;
            check(abi.sf_layer_shape(h, i, size, fanIn, recurrent), "sf_layer_shape");
            String name = library.readString((buf, cap, req) -> abi.sf_layer_name(h, layer, buf, cap, req), h,
                    "sf_layer_name");
            shapes.add(new LayerShape(name, size.getValue(), fanIn.getValue(), recurrent.getValue() != 0));
        }
        layers = List.copyOf(shapes);
        numInputs = config.getNumInputs();
        dt = config.getDt();
    }

    @Override
    public synchronized List<LayerShape> layers() {
        live();
        return layers;
    }

    @Override
    public synchronized Trace run(InputSpikes input, long steps) {
        Pointer h = live();
        if (layers.isEmpty()) {
            throw new DeviceException(BoardError.NOT_LOADED, BoardError.NOT_LOADED.code(), boardId + ": no config loaded");
        }
        injectInput(h, input, steps);
        check(abi.sf_run(h, steps), "sf_run(" + steps + ")");
        return readTrace(h, steps);
    }

    @Override
    public synchronized Trace trial(InputSpikes input, long steps) {
        reset();
        return run(input, steps);
    }

    private void injectInput(Pointer h, InputSpikes input, long steps) {
        if (input.getTrainsCount() != numInputs || (input.getChannels() != 0 && input.getChannels() != numInputs)) {
            throw DeviceException.binding(boardId + ": input has " + input.getTrainsCount() + " spike trains (channels = "
                    + input.getChannels() + "), the loaded config has num_inputs = " + numInputs);
        }
        int total = 0;
        for (SpikeTrain train : input.getTrainsList()) {
            total += train.getStepsCount();
        }
        int[] channels = new int[total];
        long[] stepOf = new long[total];
        int n = 0;
        for (int c = 0; c < input.getTrainsCount(); c++) {
            for (long s : input.getTrains(c).getStepsList()) {
                if (s < 0) {
                    throw DeviceException.binding(boardId + ": input channel " + c + " has negative step " + s);
                }
                if (s < steps) {
                    channels[n] = c;
                    stepOf[n] = s;
                    n++;
                }
            }
        }
        if (n > 0) {
            check(abi.sf_inject_spikes(h, channels, stepOf, n), "sf_inject_spikes");
        }
    }

    private Trace readTrace(Pointer h, long steps) {
        Trace.Builder trace = Trace.newBuilder().setSource("device:" + boardId).setSteps(steps).setDt(dt)
                .setTrialEnd(steps * dt);
        LongByReference required = new LongByReference();
        for (int layer = 0; layer < layers.size(); layer++) {
            LayerShape shape = layers.get(layer);
            int rc = abi.sf_read_spikes(h, layer, null, null, 0, required);
            if (rc != 0 && rc != BoardError.BUFFER_TOO_SMALL.code()) {
                check(rc, "sf_read_spikes");
            }
            int count = Math.toIntExact(required.getValue());
            long[] spikeSteps = new long[Math.max(count, 1)];
            int[] neurons = new int[Math.max(count, 1)];
            check(abi.sf_read_spikes(h, layer, spikeSteps, neurons, count, required), "sf_read_spikes");
            SpikeTrain.Builder[] trains = new SpikeTrain.Builder[shape.size()];
            for (int i = 0; i < trains.length; i++) {
                trains[i] = SpikeTrain.newBuilder();
            }
            for (int k = 0; k < count; k++) {
                trains[neurons[k]].addSteps(spikeSteps[k]);
            }
            PopulationTrace.Builder population = PopulationTrace.newBuilder().setName(shape.name());
            for (SpikeTrain.Builder train : trains) {
                population.addSpikes(train);
            }
            trace.addPopulations(population);
            if (probing) {
                addProbes(h, trace, layer, shape, steps);
            }
        }
        return trace.build();
    }

    private void addProbes(Pointer h, Trace.Builder trace, int layer, LayerShape shape, long steps) {
        String[] names = switch (family) {
            case LOIHI2 -> new String[] {"u", "v"};
            case XYLO -> new String[] {"isyn", "vmem"};
            case THETA -> new String[] {"phase"};
        };
        int n = Math.toIntExact(steps * shape.size());
        long[] values = new long[Math.max(n, 1)];
        LongByReference required = new LongByReference();
        for (int variable = 0; variable < names.length; variable++) {
            check(abi.sf_read_probe(h, layer, variable, values, n, required), "sf_read_probe");
            for (int neuron = 0; neuron < shape.size(); neuron++) {
                StateProbe.Builder probe = StateProbe.newBuilder().setPopulation(shape.name()).setNeuron(neuron)
                        .setVariable(names[variable]);
                for (int step = 0; step < steps; step++) {
                    probe.addValues(values[step * shape.size() + neuron]);
                }
                trace.addProbes(probe);
            }
        }
    }

    @Override
    public synchronized void reset() {
        check(abi.sf_reset(live()), "sf_reset");
    }

    private int layerIndex(String name) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(name)) {
                return i;
            }
        }
        throw DeviceException.binding(boardId + ": no layer '" + name + "' in the loaded config " + layerNames());
    }

    private List<String> layerNames() {
        return layers.stream().map(LayerShape::name).toList();
    }

    @Override
    public synchronized void writeWeights(String layer, WeightMatrix matrix, int offset, int[] values) {
        Pointer h = live();
        check(abi.sf_write_weights(h, layerIndex(layer), matrix.code(), offset, values, values.length),
                "sf_write_weights(" + layer + ")");
    }

    /**
     * One {@code sf_write_weights_indexed} call where the library exports it (the reference board does), else the
     * runs of {@link Device#writeWeightsAt}.
     */
    @Override
    public synchronized void writeWeightsAt(String layer, WeightMatrix matrix, int[] indices, int[] values) {
        Pointer h = live();
        if (!library.exports("sf_write_weights_indexed")) {
            Device.super.writeWeightsAt(layer, matrix, indices, values);
            return;
        }
        if (indices.length != values.length) {
            throw DeviceException.binding(boardId + ": " + indices.length + " weight indices but " + values.length
                    + " values");
        }
        if (indices.length == 0) {
            layerIndex(layer);
            return;
        }
        long[] wide = new long[indices.length];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = indices[i];
        }
        check(abi.sf_write_weights_indexed(h, layerIndex(layer), matrix.code(), wide, values, values.length),
                "sf_write_weights_indexed(" + layer + ")");
    }

    @Override
    public synchronized int[] readWeights(String layer, WeightMatrix matrix, int offset, int count) {
        Pointer h = live();
        if (count < 0) {
            throw DeviceException.binding(boardId + ": negative weight count " + count);
        }
        int[] values = new int[Math.max(count, 1)];
        check(abi.sf_read_weights(h, layerIndex(layer), matrix.code(), offset, values, count),
                "sf_read_weights(" + layer + ")");
        return count == values.length ? values : new int[0];
    }

    @Override
    public synchronized void setProbing(boolean enabled) {
        check(abi.sf_set_probing(live(), enabled ? 1 : 0), "sf_set_probing");
        probing = enabled;
    }

    @Override
    public synchronized void setMismatch(Mismatch mismatch) {
        check(abi.sf_set_mismatch(live(), mismatch.seed(), mismatch.thresholdOffsetSigma(),
                mismatch.weightGainSigma(), mismatch.jitterProbability()), "sf_set_mismatch");
    }

    /**
     * Makes later runs fail as a broken chip would: after {@code runsBeforeFault} successful runs the
     * next {@code failingRuns} runs throw {@link BoardError#DEVICE} without changing state.
     */
    public synchronized void injectFault(long runsBeforeFault, int failingRuns) {
        check(abi.sf_inject_fault(live(), runsBeforeFault, failingRuns), "sf_inject_fault");
    }

    @Override
    public synchronized void close() {
        if (handle != null) {
            abi.sf_close(handle);
            handle = null;
            layers = List.of();
        }
    }
}
