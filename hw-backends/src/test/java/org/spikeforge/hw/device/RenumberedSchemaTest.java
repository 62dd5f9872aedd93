package org.spikeforge.hw.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Trace;

/**
 * The board follows hardware.proto, not numbers written into its C code. A test-only copy of
 * hardware.proto gets every field number of every message permuted and moved to 100 and above;
 * protoc-c generates a decoder from it, and the board's unchanged C sources are compiled against
 * that decoder. The same random configs, re-encoded under the renumbered schema (by field name,
 * through JSON), must then run to exactly the same traces as the normal board on the normal bytes.
 * A decoder with a hard-coded field number would see nothing, or the wrong field, and differ.
 */
class RenumberedSchemaTest {
    private static final Path DIR = NativeBuild.OUT.resolve("renumbered");
    private static final Path HARDWARE_PROTO = Path.of("../proto/src/main/proto/spikeforge/hardware.proto");
    private static Path library;
    private static Descriptor renumbered;

    /** Field numbers of each top-level message, reversed in order and shifted to start at 100. */
    static String renumber(String proto) {
        Pattern message = Pattern.compile("(?m)^message \\w+ \\{.*?^\\}", Pattern.DOTALL);
        Pattern number = Pattern.compile("=\\s*(\\d+)\\s*;");
        Matcher m = message.matcher(proto);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String block = m.group();
            TreeSet<Integer> numbers = new TreeSet<>();
            Matcher n = number.matcher(block);
            while (n.find()) {
                numbers.add(Integer.parseInt(n.group(1)));
            }
            List<Integer> sorted = new ArrayList<>(numbers);
            Map<Integer, Integer> map = new TreeMap<>();
            for (int i = 0; i < sorted.size(); i++) {
                map.put(sorted.get(i), 100 + sorted.get(sorted.size() - 1 - i));
            }
            String renamed = number.matcher(block).replaceAll(r -> "= " + map.get(Integer.parseInt(r.group(1))) + ";");
            m.appendReplacement(out, Matcher.quoteReplacement(renamed));
        }
        m.appendTail(out);
        return out.toString();
    }

    @BeforeAll
    static void buildRenumberedBoard() throws Exception {
        String original = Files.readString(HARDWARE_PROTO);
        String copy = renumber(original);
        assertNotEquals(original, copy);
        Path protoDir = Files.createDirectories(DIR.resolve("proto/spikeforge"));
        Files.writeString(protoDir.resolve("hardware.proto"), copy);
        Path gen = Files.createDirectories(DIR.resolve("generated-c"));
        Path descriptors = DIR.resolve("hardware.desc");
        NativeBuild.Result r = NativeBuild.run(List.of("protoc-c", "-I" + DIR.resolve("proto"),
                "--c_out=" + gen, "--descriptor_set_out=" + descriptors, "spikeforge/hardware.proto"), 60);
        assertEquals(0, r.exitCode(), r.stderr());
        // -Bsymbolic: this copy's sf_* calls must bind to itself, not to the normal board in the same JVM
        library = NativeBuild.gcc(DIR.resolve("libspikeforge_refboard_renumbered.so"),
                List.of("-O1", "-shared", "-fPIC", "-fvisibility=hidden", "-Wl,-Bsymbolic"),
                NativeBuild.boardSources(gen), gen);
        FileDescriptor file = FileDescriptor.buildFrom(
                FileDescriptorSet.parseFrom(Files.readAllBytes(descriptors)).getFile(0), new FileDescriptor[0]);
        renumbered = file.findMessageTypeByName("HardwareConfig");
        assertEquals(104, renumbered.findFieldByName("layers").getNumber(), "layers: 7 of 1..10 reversed is 4, +100");
    }

    /** The config's bytes under the renumbered schema, carried as unknown fields of a HardwareConfig so
     * that JnaDevice passes them through; num_inputs and dt stay readable for JnaDevice itself (their
     * normal numbers 4 and 5 are unknown to the renumbered board, which skips them). */
    private static HardwareConfig reencode(HardwareConfig cfg) throws Exception {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(renumbered);
        JsonFormat.parser().merge(JsonFormat.printer().print(cfg), b);
        byte[] bytes = b.build().toByteArray();
        HardwareConfig carrier = HardwareConfig.parseFrom(bytes);
        assertEquals(0, carrier.getLayersCount(), "no renumbered field may keep its old number");
        return carrier.toBuilder().setNumInputs(cfg.getNumInputs()).setDt(cfg.getDt()).build();
    }

    @Test
    void renumberedBoardRunsRenumberedBytesExactlyLikeTheBoard() throws Exception {
        for (String family : List.of("loihi2", "xylo", "theta")) {
            RandomConfigs random = new RandomConfigs(71);
            long spikes = 0;
            try (JnaDevice normal = JnaDevice.open(BoardLibrary.REFBOARD, "refboard-" + family);
                 JnaDevice copy = JnaDevice.open(library.toString(), "refboard-" + family)) {
                normal.setProbing(true);
                copy.setProbing(true);
                for (int i = 0; i < 60; i++) {
                    HardwareConfig cfg = random.config(family);
                    int steps = random.steps();
                    InputSpikes in = random.input(cfg.getNumInputs(), steps);
                    normal.load(cfg);
                    copy.load(reencode(cfg));
                    assertEquals(normal.layers(), copy.layers(), family + " #" + i);
                    Trace a = normal.trial(in, steps);
                    Trace b = copy.trial(in, steps);
                    assertEquals(a, b, family + " config #" + i);
                    spikes += a.getPopulationsList().stream().flatMap(p -> p.getSpikesList().stream())
                            .mapToLong(t -> t.getStepsCount()).sum();
                }
                // the control: the renumbered board finds no target in the normal bytes
                DeviceException e = assertThrows(DeviceException.class, () -> copy.load(random.config(family)));
                assertTrue(e.getMessage().contains("config target '' does not match"), e.getMessage());
            }
            assertTrue(spikes > 60, family + ": only " + spikes + " spikes, agreement would be vacuous");
        }
    }
}
