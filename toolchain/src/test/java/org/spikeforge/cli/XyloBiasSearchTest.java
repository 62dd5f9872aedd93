package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.XyloIaf;

/** The coordinate search of {@link XyloBiasSearch} on objectives whose optimum is known by hand. */
class XyloBiasSearchTest {

  @Test
  void findsTheOptimumOfASeparableObjectiveAndBreaksTiesTowardsTheStart() {
    // f = -(h + 18)^2 - (o - 3)^2, start -16, unit 4:
    // pass 1, h in {-32, -28, ..., 0}: -16 and -20 both give -4 - 9, the tie keeps -16 (the start);
    // pass 2, h in {-18, -16, -14}: -18; output o in {-8, -6, ..., 8}: 2 and 4 tie at -1, 2 is closer to 0;
    // pass 3, h in {-20, -18, -16}: -18
    List<int[]> calls = new ArrayList<>();
    XyloBiasSearch.Objective f = (h, o) -> {
      calls.add(new int[] {h, o});
      return -(h + 18.0) * (h + 18.0) - (o - 3.0) * (o - 3.0);
    };
    assertArrayEquals(new int[] {-18, 2}, XyloBiasSearch.search(f, -16, 4));
    for (int[] c : calls) {
      assertTrue(c[0] <= 0, "input-fed bias above 0: " + c[0]);
    }
  }

  @Test
  void searchesTheBiasChannelJumpAsAThirdCoordinate() {
    // f = -(h + 26)^2 - (o + 2)^2 - 4 (j - 2)^2, start -16, unit 4, jumpUnits 4 (2^(6-1) >> 3):
    // j in {0, 2, 4, 6, 8} with the input-fed bias searched from -16 - 4q in steps of 4 (q = j/2):
    // j = 2 (q = 1, home -24): h in {-40..-8}, -24 and -28 tie at -4 - 4 - 0, -24 is home -> value -8 (best);
    // j = 0: best h -24/-28 -> -4 - 4 - 16 = -24; j = 4: -8 - 16 < -8. Then, at j = 2: h +-2 from -24 -> -26;
    // o in {-8, -6, ..., 8} -> -2; h +-2 -> -26.
    XyloBiasSearch.Objective3 f = (h, o, j) -> -(h + 26.0) * (h + 26.0) - (o + 2.0) * (o + 2.0) - 4.0 * (j - 2) * (j - 2);
    assertArrayEquals(new int[] {-26, -2, 2}, XyloBiasSearch.search(f, -16, 4, 4));
    // no bias channel: jumpUnits 0 keeps j = 0
    assertArrayEquals(new int[] {-26, -2, 0}, XyloBiasSearch.search(f, -16, 4, 0));
  }

  @Test
  void addsTheJumpToTheBiasChannelOfInputFedLayersClampedTo127() {
    HardwareConfig cfg = HardwareConfig.newBuilder().setTarget("xylo")
        .addLayers(layer("h1", "input", false, 2).toBuilder().setFanIn(2).addAllWeights(List.of(1, 120, -3, 5)))
        .addLayers(layer("out", "h1", true, 1).toBuilder().setFanIn(2).addAllWeights(List.of(7, 8))).build();
    HardwareConfig b = XyloBiasSearch.withBiases(cfg, -26, 0, 1, 10);
    assertEquals(List.of(1, 127, -3, 15), b.getLayers(0).getWeightsList());
    assertEquals(List.of(7, 8), b.getLayers(1).getWeightsList());
  }

  @Test
  void keepsTheStartWhenNothingIsBetter() {
    XyloBiasSearch.Objective flat = (h, o) -> 0.5;
    assertArrayEquals(new int[] {-16, 0}, XyloBiasSearch.search(flat, -16, 4));
  }

  @Test
  void setsTheBiasOfInputFedAndOutputLayersOnly() {
    HardwareConfig cfg = HardwareConfig.newBuilder().setTarget("xylo")
        .addLayers(layer("h1", "input", false, 2))
        .addLayers(layer("h2", "h1", false, 2))
        .addLayers(layer("out", "h2", true, 1)).build();
    HardwareConfig b = XyloBiasSearch.withBiases(cfg, -18, 4);
    assertEquals(List.of(-18, -18), b.getLayers(0).getXylo().getBiasList());
    assertEquals(List.of(), b.getLayers(1).getXylo().getBiasList());
    assertEquals(List.of(4), b.getLayers(2).getXylo().getBiasList());
    assertEquals(List.of(), XyloBiasSearch.withBiases(b, -18, 0).getLayers(2).getXylo().getBiasList());
  }

  private static HwLayer layer(String name, String source, boolean output, int size) {
    return HwLayer.newBuilder().setName(name).setSource(source).setOutput(output).setSize(size)
        .setXylo(XyloIaf.newBuilder().setDashSyn(6).setDashMem(7)).build();
  }
}
