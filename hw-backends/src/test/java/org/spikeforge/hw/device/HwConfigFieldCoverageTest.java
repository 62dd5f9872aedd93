package org.spikeforge.hw.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.spikeforge.proto.HardwareConfig;

/**
 * Every field of hardware.proto reaches the board: the generated decoder (protoc-c) unpacks every
 * field, and this test makes sure the board's view of the message (hwconfig.c, the one place that
 * reads the generated structs) takes each of them, or that the field is listed here as ignored on
 * purpose with the reason. A field added to hardware.proto thus fails this test until the C board
 * reads it or someone writes down why it need not; a renumbered field needs nothing (see
 * {@link RenumberedSchemaTest}). The walk uses protobuf-java's descriptors, compiled from the same
 * .proto file as the C decoder.
 */
class HwConfigFieldCoverageTest {
    private static final Path VIEW = NativeBuild.C_ROOT.resolve("src/hwconfig.c");

    /** Fields the reference board does not read, and why; their submessages are not walked. */
    static final Map<String, String> IGNORED = Map.of(
            "HardwareConfig.dt", "the board counts steps; the Java side converts steps to model time",
            "HardwareConfig.cores", "core placement only matters to a real chip's resource map",
            "HardwareConfig.metadata", "free-form provenance for people");

    /** Fields reachable from HardwareConfig that {@code cSource} never reads as {@code ->name}. */
    static List<String> unread(String cSource) {
        List<String> missing = new ArrayList<>();
        walk(HardwareConfig.getDescriptor(), cSource, missing);
        return missing;
    }

    private static void walk(Descriptor message, String cSource, List<String> missing) {
        for (FieldDescriptor f : message.getFields()) {
            String key = message.getName() + "." + f.getName();
            if (IGNORED.containsKey(key)) {
                continue;
            }
            // protobuf-c keeps proto field names in its structs: m->name, and m->n_name for repeated fields
            boolean read = Pattern.compile("->" + f.getName() + "\\b").matcher(cSource).find()
                    && (!f.isRepeated() || Pattern.compile("->n_" + f.getName() + "\\b").matcher(cSource).find());
            if (!read) {
                missing.add(key);
            }
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                walk(f.getMessageType(), cSource, missing);
            }
        }
    }

    @Test
    void theBoardReadsEveryFieldOfHardwareProtoOrSaysWhyNot() throws IOException {
        assertEquals(List.of(), unread(Files.readString(VIEW)),
                "fields of hardware.proto that src/main/c/src/hwconfig.c does not read (read them, or add them to "
                        + "IGNORED with the reason)");
    }

    @Test
    void everyIgnoredFieldExists() {
        for (String key : IGNORED.keySet()) {
            String[] parts = key.split("\\.");
            Descriptor d = HardwareConfig.getDescriptor().getFile().findMessageTypeByName(parts[0]);
            assertNotNull(d, key);
            assertNotNull(d.findFieldByName(parts[1]), key + " is listed as ignored but hardware.proto has no such field");
        }
    }

    @Test
    void aFieldTheViewForgetsIsReported() throws IOException {
        String source = Files.readString(VIEW);
        String forgetful = source.replace("p->sign_mode", "p->weight_exp").replace("m->n_phi,", "0,");
        assertEquals(List.of("Loihi2Lif.sign_mode", "ThetaTables.phi"), unread(forgetful));
    }
}
