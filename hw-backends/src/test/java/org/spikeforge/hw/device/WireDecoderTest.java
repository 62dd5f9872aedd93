package org.spikeforge.hw.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;

/**
 * The C protobuf decoder on hand-made wire bytes: unpacked repeated fields, unknown fields of every
 * wire type, field order and repeated scalars (last wins) must decode exactly as protobuf-java
 * does; malformed bytes must be refused with SF_ERR_MALFORMED and the offending byte offset.
 */
class WireDecoderTest {
    private BoardAbi abi;
    private Pointer board;

    @BeforeEach
    void open() {
        abi = BoardLibrary.load("refboard").abi();
        PointerByReference out = new PointerByReference();
        assertEquals(0, abi.sf_open("refboard-loihi2", out));
        board = out.getValue();
    }

    @AfterEach
    void close() {
        abi.sf_close(board);
    }

    private static HardwareConfig reference() {
        return Configs.config("loihi2", 3)
                .addLayers(Configs.layer("h", "input", 2, 3, 1, -7, 0, 255, 12, -256, 3)
                        .addRecurrentWeights(-1).addRecurrentWeights(2).addRecurrentWeights(0).addRecurrentWeights(-3)
                        .setLoihi2(Configs.lif(100, 200, 300).addBiasMant(-5).addBiasMant(4095).setBiasExp(-2)))
                .build();
    }

    private int[] weights(int matrix, int count) {
        int[] w = new int[count];
        assertEquals(0, abi.sf_read_weights(board, 0, matrix, 0, w, count), abi.sf_last_error(board));
        return w;
    }

    /** The reference layer with weights written unpacked and unknown fields of each wire type. */
    private static byte[] unpackedLayer(HwLayer layer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeUInt64(77, 123456789012L); // unknown varint
        for (int w : layer.getWeightsList()) {
            out.writeSInt32(HwLayer.WEIGHTS_FIELD_NUMBER, w); // one record per element
        }
        out.writeFixed32(78, 0xDEADBEEF); // unknown fixed32
        out.writeByteArray(79, new byte[] {1, 2, 3}); // unknown length-delimited
        for (int w : layer.getRecurrentWeightsList()) {
            out.writeSInt32(HwLayer.RECURRENT_WEIGHTS_FIELD_NUMBER, w);
        }
        out.writeDouble(80, 2.5); // unknown fixed64
        out.flush();
        HwLayer withoutWeights = layer.toBuilder().clearWeights().clearRecurrentWeights().build();
        return concat(bytes.toByteArray(), withoutWeights.toByteArray());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void unpackedFieldsAndUnknownFieldsDecodeLikeProtobufJava() throws IOException {
        HardwareConfig ref = reference();
        byte[] layer = unpackedLayer(ref.getLayers(0));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeInt32(HardwareConfig.NUM_INPUTS_FIELD_NUMBER, 99); // overridden below: last one wins
        out.writeByteArray(HardwareConfig.LAYERS_FIELD_NUMBER, layer);
        out.writeTag(90, WireFormat.WIRETYPE_VARINT);
        out.writeUInt64NoTag(-1L); // a 10-byte varint in an unknown field
        out.flush();
        byte[] wire = concat(bytes.toByteArray(), ref.toBuilder().clearLayers().build().toByteArray());
        // protobuf-java reads the same bytes as the reference config
        assertEquals(ref, HardwareConfig.parseFrom(wire).toBuilder().clearLayers().addLayers(
                HwLayer.parseFrom(layer).toBuilder().setUnknownFields(
                        com.google.protobuf.UnknownFieldSet.getDefaultInstance())).build()
                .toBuilder().setUnknownFields(com.google.protobuf.UnknownFieldSet.getDefaultInstance()).build());
        assertEquals(0, abi.sf_load_config(board, wire, wire.length), abi.sf_last_error(board));
        // MIXED, 8 bits: one low bit dropped (floor): -7 -> -8, 255 -> 254, 3 -> 2; recurrent -1 -> -2, -3 -> -4
        assertArrayEquals(new int[] {-8, 0, 254, 12, -256, 2}, weights(0, 6));
        assertArrayEquals(new int[] {-2, 2, 0, -4}, weights(1, 4));
        byte[] packed = ref.toByteArray();
        assertEquals(0, abi.sf_load_config(board, packed, packed.length), abi.sf_last_error(board));
        assertArrayEquals(new int[] {-8, 0, 254, 12, -256, 2}, weights(0, 6));
        assertArrayEquals(new int[] {-2, 2, 0, -4}, weights(1, 4));
    }

    @Test
    void extremeSint32AndNegativeInt32Decode() {
        // bias_exp = -2 is an int32 written as a 10-byte varint; sint32 extremes zigzag to 5 bytes.
        HardwareConfig cfg = Configs.config("theta", 1)
                .setThetaTables(org.spikeforge.proto.ThetaTables.newBuilder().setPhaseBits(2).setInvIndexBits(0)
                        .addInvPhi(Integer.MIN_VALUE).setVMin(Integer.MIN_VALUE).setVMax(Integer.MIN_VALUE)
                        .setPhiShift(0).addPhi(3))
                .addLayers(Configs.layer("t", "input", 1, 1, 0, Integer.MAX_VALUE)
                        .setTheta(org.spikeforge.proto.ThetaPhase.getDefaultInstance()))
                .build();
        PointerByReference out = new PointerByReference();
        assertEquals(0, abi.sf_open("refboard-theta", out));
        Pointer theta = out.getValue();
        try {
            byte[] bytes = cfg.toByteArray();
            assertEquals(0, abi.sf_load_config(theta, bytes, bytes.length), abi.sf_last_error(theta));
            int[] w = new int[1];
            assertEquals(0, abi.sf_read_weights(theta, 0, 0, 0, w, 1));
            assertEquals(Integer.MAX_VALUE, w[0]);
        } finally {
            abi.sf_close(theta);
        }
    }

    @Test
    void malformedBytesNameTheOffsetAndTheField() {
        byte[] valid = reference().toByteArray();
        for (int cut = 1; cut < valid.length; cut++) {
            byte[] truncated = Arrays.copyOf(valid, cut);
            int rc = abi.sf_load_config(board, truncated, truncated.length);
            // a prefix can be well-formed (ending between fields): then it is incomplete, not malformed
            assertTrue(rc == BoardError.MALFORMED.code() || rc == BoardError.INVALID_CONFIG.code()
                            || rc == BoardError.TARGET_MISMATCH.code(),
                    "cut at " + cut + ": " + rc + " " + abi.sf_last_error(board));
        }
        byte[] lengthPastEnd = {0x3A, 0x05, 0x01};
        assertEquals(BoardError.MALFORMED.code(), abi.sf_load_config(board, lengthPastEnd, 3));
        assertEquals("malformed HardwareConfig: length 5 at byte 1 runs past the end of its message (layers)",
                abi.sf_last_error(board));
        byte[] wrongType = {0x08, 0x01};
        assertEquals(BoardError.MALFORMED.code(), abi.sf_load_config(board, wrongType, 2));
        assertTrue(abi.sf_last_error(board).contains("wrong wire type 0 for target"), abi.sf_last_error(board));
        byte[] overlong = {0x20, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
        assertEquals(BoardError.MALFORMED.code(), abi.sf_load_config(board, overlong, overlong.length));
        assertTrue(abi.sf_last_error(board).contains("varint longer than 64 bits at byte 1 (num_inputs)"),
                abi.sf_last_error(board));
        // field names come from the generated descriptors: nested fields are named by their holder
        byte[] badDu = {0x3A, 0x03, 0x52, 0x01, 0x0A}; // layers { loihi2 { du: <LEN record> } }
        assertEquals(BoardError.MALFORMED.code(), abi.sf_load_config(board, badDu, badDu.length));
        assertTrue(abi.sf_last_error(board).contains("wrong wire type 2 for loihi2.du"), abi.sf_last_error(board));
    }

    @Test
    void aNulInsideAStringIsRefusedNamingTheField() {
        HardwareConfig ref = reference();
        HardwareConfig named = ref.toBuilder().setLayers(0, ref.getLayers(0).toBuilder().setName("h\0x")).build();
        byte[] bytes = named.toByteArray();
        assertEquals(BoardError.INVALID_CONFIG.code(), abi.sf_load_config(board, bytes, bytes.length));
        assertTrue(abi.sf_last_error(board).startsWith("layers.name must not contain a NUL byte"), abi.sf_last_error(board));
    }
}
