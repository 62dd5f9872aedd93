package org.spikeforge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spikeforge.io.ConvNetworks.shape;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Projection;

/** One bad conv net per feature-map rule of {@link NetworkValidator}, each naming its field and limit. */
class ConvValidatorTest {
  @Test
  void validConvNetHasNoProblems() {
    assertEquals(List.of(), NetworkValidator.problems(ConvNetworks.conv().build()));
  }

  @Test
  void inputShapeMayLeaveOutTheBiasChannel() {
    Network.Builder net = ConvNetworks.conv().setNumInputs(17);
    net.getProjectionsBuilder(0).setCols(17);
    assertEquals(List.of(), NetworkValidator.problems(net.build()));
  }

  @Test
  void strideAndPaddingGiveTheOutputSize() {
    // 1x4x4, kernel 2, stride 2, pad 1: (4 + 2 - 2) / 2 + 1 = 3 per axis -> 2x3x3 = 18 neurons.
    Network.Builder net = ConvNetworks.conv();
    net.getPopulationsBuilder(0).setSize(18).setShape(shape(2, 3, 3));
    net.getProjectionsBuilder(0).setRows(18).clearWeights().addAllWeights(List.of(1., 2., 3., 4., 5., 6., 7., 8.))
        .getConv2DBuilder().setKernelH(2).setKernelW(2).setStrideH(2).setStrideW(2).setPadH(1).setPadW(1);
    // pool 2x2 (stride 2, pad 1) on 3x3: (3 + 2 - 2) / 2 + 1 = 2 -> p1 2x2x2 = 8.
    net.getPopulationsBuilder(1).setSize(8).setShape(shape(2, 2, 2));
    net.getProjectionsBuilder(1).setRows(8).setCols(18).getSumPool2DBuilder().setPadH(1).setPadW(1);
    net.getProjectionsBuilder(2).setCols(8).clearWeights();
    for (int k = 0; k < 16; k++) {
      net.getProjectionsBuilder(2).addWeights(0.1);
    }
    assertEquals(List.of(), NetworkValidator.problems(net.build()));
  }

  static Stream<Arguments> badConvNets() {
    return Stream.of(
        bad("shape product vs size", n -> n.getPopulationsBuilder(0).setShape(shape(2, 2, 3)),
            "populations[0].shape: 2x2x3 = 12 neurons, expected size = 8"),
        bad("shape dimension zero", n -> n.getPopulationsBuilder(0).setShape(shape(8, 1, 0)),
            "populations[0].shape: 8x1x0, every dimension must be >= 1 (or all 0 for no shape)"),
        bad("input_shape vs num_inputs", n -> n.setInputShape(shape(1, 4, 3)),
            "input_shape: 1x4x3 = 12 neurons, expected num_inputs = 16 (or num_inputs - 1 = 15 with a bias channel)"),
        bad("kernel zero", n -> n.getProjectionsBuilder(0).getConv2DBuilder().setKernelH(0),
            "projections[0].conv2d.kernel_h: 0, must be >= 1"),
        bad("negative stride", n -> n.getProjectionsBuilder(1).getSumPool2DBuilder().setStrideW(-1),
            "projections[1].sum_pool2d.stride_w: -1, must be >= 0 (0 = default)"),
        bad("pad equal to kernel", n -> n.getProjectionsBuilder(0).getConv2DBuilder().setPadW(3),
            "projections[0].conv2d.pad_w: 3, must satisfy 0 <= pad_w < kernel_w = 3"),
        bad("negative pad", n -> n.getProjectionsBuilder(1).getSumPool2DBuilder().setPadH(-1),
            "projections[1].sum_pool2d.pad_h: -1, must satisfy 0 <= pad_h < kernel_h = 2"),
        bad("output size vs target shape", n -> n.getProjectionsBuilder(0).getConv2DBuilder().setPadH(1),
            "projections[0].conv2d: output height (4 + 2*1 - 3) / 1 + 1 = 4, but target 'c1'"
                + " populations[0].shape.height = 2"),
        bad("default pool stride is the kernel", n -> n.getProjectionsBuilder(1).getSumPool2DBuilder().setKernelW(1),
            "projections[1].sum_pool2d: output width (2 + 2*0 - 1) / 1 + 1 = 2, but target 'p1'"
                + " populations[1].shape.width = 1"),
        bad("kernel larger than the map", n -> {
              n.getProjectionsBuilder(0).getConv2DBuilder().setKernelH(5);
              n.getProjectionsBuilder(0).addAllWeights(List.of(0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.));
            },
            "projections[0].conv2d.kernel_h: 5, larger than the source height 4 + 2*pad_h 0"),
        bad("conv weight count", n -> n.getProjectionsBuilder(0).addWeights(0.5),
            "projections[0].weights: 19 values, expected out*in*kh*kw = 2*1*3*3 = 18"),
        bad("conv in channels from the source shape", n -> n.setInputShape(shape(2, 4, 2)),
            "projections[0].weights: 18 values, expected out*in*kh*kw = 2*2*3*3 = 36"),
        bad("conv weight not finite", n -> n.getProjectionsBuilder(0).setWeights(4, Double.POSITIVE_INFINITY),
            "projections[0].weights[4]: Infinity, must be finite"),
        bad("pool has one weight", n -> n.getProjectionsBuilder(1).addWeights(1.0),
            "projections[1].weights: 2 values, a sum_pool2d projection has exactly 1 (its fixed weight)"),
        bad("pool weight not finite", n -> n.getProjectionsBuilder(1).setWeights(0, Double.NaN),
            "projections[1].weights[0]: NaN, must be finite"),
        bad("pool keeps channels", n -> n.getPopulationsBuilder(1).setShape(shape(1, 1, 2)),
            "projections[1].sum_pool2d: target 'p1' populations[1].shape.channels = 1, must equal source"
                + " channels = 2 (pooling keeps channels)"),
        bad("conv source unshaped", n -> n.clearInputShape(),
            "projections[0].source: 'input' has no input_shape; a conv2d projection needs a shaped source"),
        bad("pool source unshaped", n -> n.getPopulationsBuilder(0).clearShape(),
            "projections[1].source: 'c1' has no populations[0].shape; a sum_pool2d projection needs a shaped source"),
        bad("pool target unshaped", n -> n.getPopulationsBuilder(1).clearShape(),
            "projections[1].target: 'p1' has no populations[1].shape; a sum_pool2d projection needs a shaped target"),
        bad("recurrent conv", n -> n.addProjections(n.getProjections(0).toBuilder()
                .setSource("c1").setTarget("c1").setRows(8).setCols(8)),
            "projections[3].conv2d: set on a recurrent projection ('c1' onto itself); recurrent projections"
                + " must be dense"),
        bad("conv cols still the source size", n -> n.getProjectionsBuilder(0).setCols(15),
            "projections[0].cols: 15, expected num_inputs = 16"));
  }

  private static Arguments bad(String what, Consumer<Network.Builder> breakIt, String expected) {
    return Arguments.of(what, breakIt, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConvNets")
  void badConvNetNamesTheFieldAndLimit(String what, Consumer<Network.Builder> breakIt, String expected) {
    Network.Builder net = ConvNetworks.conv();
    breakIt.accept(net);
    List<String> problems = NetworkValidator.problems(net.build()).stream().map(Object::toString).toList();
    assertTrue(problems.contains(expected), what + ": " + problems);
    SpikeForgeIoException e =
        assertThrows(SpikeForgeIoException.class, () -> NetworkValidator.check(net.build(), Path.of("c.net.pb")));
    assertEquals(-1, e.getMessage().indexOf('\n'), "one line");
  }

  @Test
  void allConvProblemsAreReportedAtOnce() {
    Network.Builder net = ConvNetworks.conv();
    net.getProjectionsBuilder(0).getConv2DBuilder().setStrideH(-2).setPadW(7);
    net.getProjectionsBuilder(1).addWeights(2.0);
    assertEquals(
        List.of("projections[0].conv2d.stride_h: -2, must be >= 0 (0 = default)",
            "projections[0].conv2d.pad_w: 7, must satisfy 0 <= pad_w < kernel_w = 3",
            "projections[1].weights: 2 values, a sum_pool2d projection has exactly 1 (its fixed weight)"),
        NetworkValidator.problems(net.build()).stream().map(Object::toString).toList());
  }

  @Test
  void denseProjectionsAreUnaffectedByShapes() {
    Network.Builder net = ConvNetworks.conv();
    Projection dense = net.getProjections(2);
    assertEquals(4, dense.getWeightsCount());
    net.getProjectionsBuilder(2).addWeights(1.0);
    assertTrue(NetworkValidator.problems(net.build()).stream().map(Object::toString).toList()
        .contains("projections[2].weights: 5 values, expected rows*cols = 4"));
  }
}
