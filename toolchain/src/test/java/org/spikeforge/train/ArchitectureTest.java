package org.spikeforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeforge.ttfs.Connectivity;

/** The {@code --arch} grammar and its shapes, worked out by hand. */
class ArchitectureTest {
  private static String error(Runnable r) {
    return assertThrows(ConfigException.class, r::run).getMessage();
  }

  @Test
  void parsesEveryTokenKind() {
    Architecture a = Architecture.parse(" conv5x3x16 , conv3x3x8s2p1,pool2,pool2x3,dense100,dense10", "--arch");
    assertEquals(List.of(new Architecture.Conv("conv5x3x16", 5, 3, 16, 1, 0),
        new Architecture.Conv("conv3x3x8s2p1", 3, 3, 8, 2, 1), new Architecture.Pool("pool2", 2, 2),
        new Architecture.Pool("pool2x3", 2, 3), new Architecture.Dense("dense100", 100),
        new Architecture.Dense("dense10", 10)), a.layers());
    assertTrue(a.shapedInput());
    assertFalse(a.allDense());
    Architecture d = Architecture.parse("dense120,dense3", "--arch");
    assertTrue(d.allDense());
    assertFalse(d.shapedInput());
    assertArrayEquals(new int[] {120}, d.denseHiddenSizes());
  }

  @Test
  void theIssuesExampleOnA28By28Image() {
    Connectivity[] c = Architecture.parse("conv5x5x16,pool2,conv5x5x32,pool2,dense10", "--arch")
        .resolve(1, 28, 28, 10, 3.0, "--arch");
    // 28 - 5 + 1 = 24; 24 / 2 = 12; 12 - 5 + 1 = 8; 8 / 2 = 4; 32 * 4 * 4 = 512 flattened onto 10
    assertEquals(Connectivity.conv(1, 28, 28, 16, 5, 5, 1, 1, 0, 0), c[0]);
    assertEquals(24, c[0].outH());
    assertEquals(Connectivity.pool(16, 24, 24, 2, 2, 2, 2, 0, 0, 3.0), c[1]);
    assertEquals(12, c[1].outW());
    assertEquals(Connectivity.conv(16, 12, 12, 32, 5, 5, 1, 1, 0, 0), c[2]);
    assertEquals(Connectivity.pool(32, 8, 8, 2, 2, 2, 2, 0, 0, 3.0), c[3]);
    assertEquals(Connectivity.flatten(32, 4, 4, 10), c[4]);
    assertEquals(512, c[4].sources());
    assertEquals(16 * 5 * 5, c[0].weightCount());
    assertEquals(32 * 16 * 5 * 5, c[2].weightCount());
  }

  @Test
  void strideAndPaddingOnA5By5Input() {
    // (5 + 2 * 1 - 3) / 2 + 1 = 3
    Connectivity c = Architecture.parse("conv3x3x2s2p1,dense4", "a").resolve(1, 5, 5, 4, 1, "a")[0];
    assertEquals(3, c.outH());
    assertEquals(3, c.outW());
    assertEquals(2, c.strideH());
    assertEquals(1, c.padW());
  }

  @Test
  void aDenseArchOnAFlatInputIsThePlainDenseStack() {
    Connectivity[] c = Architecture.parse("dense120,dense3", "a").resolve(1, 1, 5, 3, 0, "a");
    assertArrayEquals(new Connectivity[] {Connectivity.dense(5, 120), Connectivity.dense(120, 3)}, c);
  }

  @Test
  void badSpecsNameTheLayerAndTheLimit() {
    assertTrue(error(() -> Architecture.parse("conv5x5,dense10", "--arch"))
        .contains("--arch: arch layer 1 'conv5x5' is not conv<KH>x<KW>x<C>"));
    assertTrue(error(() -> Architecture.parse("conv5x5x16,pool2", "--arch"))
        .contains("must end with the output layer dense<classes>, got 'pool2'"));
    assertTrue(error(() -> Architecture.parse("conv0x5x16,dense10", "--arch"))
        .contains("arch layer 1 'conv0x5x16': kernel height must be >= 1, got 0"));
    assertTrue(error(() -> Architecture.parse("", "--arch")).contains("arch is empty"));
    assertTrue(error(() -> Architecture.parse("dense99999999999,dense10", "--arch")).contains("too large"));
    Architecture big = Architecture.parse("conv30x30x4,dense10", "--arch");
    assertTrue(error(() -> big.resolve(1, 28, 28, 10, 1, "--arch"))
        .contains("arch layer 1 'conv30x30x4' on a 1x28x28 input: the 30x30 kernel is larger than the padded"
            + " input 28x28"));
    Architecture pool = Architecture.parse("conv5x5x4,pool5,dense10", "--arch");
    assertTrue(error(() -> pool.resolve(1, 28, 28, 10, 1, "--arch"))
        .contains("arch layer 2 'pool5' on a 4x24x24 input: a 5x5 pool must divide its input, and 24x24 is not a"
            + " multiple"), error(() -> pool.resolve(1, 28, 28, 10, 1, "--arch")));
    Architecture out = Architecture.parse("conv5x5x4,dense5", "--arch");
    assertTrue(error(() -> out.resolve(1, 28, 28, 10, 1, "--arch"))
        .contains("the output layer must have one neuron per class, 10, got 5"));
  }
}
