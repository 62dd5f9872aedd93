package org.spikeforge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spikeforge.proto.Conv2d;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SumPool2d;

/**
 * The conv and pool rules of network.proto (issue 15 item 2), one bad network per rule. The shapes are asymmetric
 * on purpose (a 5 x 7 input, a 3 x 2 kernel, stride 2, padding 1), so that swapping height and width breaks them.
 */
public class ConvNetworkValidationTest {
  private static MapShape shape(int c, int h, int w) {
    return MapShape.newBuilder().setChannels(c).setHeight(h).setWidth(w).build();
  }

  private static Projection.Builder dense(String source, String target, int rows, int cols) {
    Projection.Builder p = Projection.newBuilder().setSource(source).setTarget(target).setRows(rows).setCols(cols);
    for (int k = 0; k < rows * cols; k++) {
      p.addWeights(0.1 * (k % 7) - 0.3);
    }
    return p;
  }

  /**
   * input 1 x 5 x 7 -> conv 3x2 s2 p1 -> h1 2 x 3 x 4 (out rows (5 + 2 - 3) / 2 + 1 = 3, cols (7 + 2 - 2) / 2 + 1 = 4)
   * -> sum pool 2x2 -> p1 2 x 1 x 2 -> dense (a flatten) -> output 3.
   */
  public static Network.Builder convNet() {
    Projection.Builder conv = Projection.newBuilder().setSource("input").setTarget("h1").setRows(24).setCols(35)
        .setConv2D(Conv2d.newBuilder().setKernelH(3).setKernelW(2).setStrideH(2).setStrideW(2).setPadH(1).setPadW(1));
    for (int k = 0; k < 2 * 1 * 3 * 2; k++) {
      conv.addWeights(0.25 * k - 1);
    }
    Projection.Builder pool = Projection.newBuilder().setSource("h1").setTarget("p1").setRows(4).setCols(24)
        .setSumPool2D(SumPool2d.newBuilder().setKernelH(2).setKernelW(2)).addWeights(0.5);
    return Network.newBuilder().setName("conv").setModel(NeuronModel.LIF_EXP)
        .setParams(NeuronParams.newBuilder().setTau(1).setThreshold(1)).setTrialEnd(2).setNumInputs(35)
        .setInputShape(shape(1, 5, 7))
        .addPopulations(Population.newBuilder().setName("h1").setSize(24).setShape(shape(2, 3, 4)))
        .addPopulations(Population.newBuilder().setName("p1").setSize(4).setShape(shape(2, 1, 2)))
        .addPopulations(Population.newBuilder().setName("output").setSize(3).setOutput(true))
        .addProjections(conv).addProjections(pool).addProjections(dense("p1", "output", 3, 4));
  }

  @Test
  void theExampleConvNetIsValid() {
    assertEquals(List.of(), NetworkValidator.problems(convNet().build()));
  }

  @Test
  void aBiasChannelIsTheLastInputAndOutsideTheShape() {
    Network.Builder n = convNet().setNumInputs(36);
    n.getEncodingBuilder().setBiasSpike(true);
    n.getProjectionsBuilder(0).setCols(36);
    assertEquals(List.of(), NetworkValidator.problems(n.build()));
  }

  static Stream<Arguments> badConvNets() {
    return Stream.of(
        bad("input shape product", n -> n.setInputShape(shape(1, 7, 7)),
            "input_shape: 1 x 7 x 7 = 49 inputs, expected num_inputs = 35"),
        bad("zero input channels", n -> n.setInputShape(shape(0, 5, 7)),
            "input_shape: 0 x 5 x 7, channels, height and width must all be > 0"),
        bad("population shape product", n -> n.getPopulationsBuilder(1).setShape(shape(2, 2, 2)),
            "populations[1].shape: 2 x 2 x 2 = 8 neurons, expected size = 4"),
        bad("zero kernel", n -> n.getProjectionsBuilder(0).getConv2DBuilder().setKernelW(0),
            "projections[0].conv2d.kernel_w: 0, must be >= 1"),
        bad("negative stride", n -> n.getProjectionsBuilder(0).getConv2DBuilder().setStrideH(-1),
            "projections[0].conv2d.stride_h: -1, must be >= 0 (0: the default)"),
        bad("padding as large as the kernel", n -> n.getProjectionsBuilder(0).getConv2DBuilder().setPadW(2),
            "projections[0].conv2d.pad_w: 2, must be in [0, kernel_w - 1 = 1]"),
        bad("stride 1 along the width: the output size no longer matches",
            n -> n.getProjectionsBuilder(0).getConv2DBuilder().setStrideW(1),
            "projections[0].target: shape is 3 x 4 (height x width), expected 3 x 8 = ((5, 7) + 2 * pad - kernel)"
                + " / stride + 1"),
        bad("default stride is 1 for conv", n -> n.getProjectionsBuilder(0).getConv2DBuilder().clearStrideH(),
            "projections[0].target: shape is 3 x 4 (height x width), expected 5 x 4 = ((5, 7) + 2 * pad - kernel)"
                + " / stride + 1"),
        bad("default stride is the kernel for pooling",
            n -> n.getProjectionsBuilder(1).getSumPool2DBuilder().setStrideW(1),
            "projections[1].target: shape is 1 x 2 (height x width), expected 1 x 3 = ((3, 4) + 2 * pad - kernel)"
                + " / stride + 1"),
        bad("conv weight count", n -> n.getProjectionsBuilder(0).addWeights(0.0),
            "projections[0].weights: 13 values, expected out * in * kernel_h * kernel_w = 2 * 1 * 3 * 2 = 12"
                + " (layout out, in, kh, kw)"),
        bad("pool weight count", n -> n.getProjectionsBuilder(1).addWeights(0.5),
            "projections[1].weights: 2 values, a sum_pool2d projection has exactly 1 (its fixed weight)"),
        bad("pool changes channels", n -> {
              n.getPopulationsBuilder(1).setSize(2).setShape(shape(1, 1, 2));
              n.getProjectionsBuilder(1).setRows(2);
            },
            "projections[1].target: shape has 1 channels, expected the source's 2 (pooling keeps channels)"),
        bad("conv from an unshaped input", Network.Builder::clearInputShape,
            "projections[0].source: 'input' has no shape (input_shape); a conv2d projection reads feature maps"),
        bad("conv onto an unshaped population", n -> n.getPopulationsBuilder(0).clearShape(),
            "projections[0].target: 'h1' has no shape (populations[].shape); a conv2d projection writes feature maps"),
        bad("recurrent conv", n -> n.addProjections(Projection.newBuilder().setSource("h1").setTarget("h1")
                .setRows(24).setCols(24).setConv2D(Conv2d.newBuilder().setKernelH(1).setKernelW(1)).addWeights(1)
                .addWeights(1).addWeights(1).addWeights(1)),
            "projections[3].conv2d: a recurrent projection must be dense"));
  }

  private static Arguments bad(String what, Consumer<Network.Builder> change, String expected) {
    return Arguments.of(what, change, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConvNets")
  void eachRuleNamesItsFieldAndLimit(String what, Consumer<Network.Builder> change, String expected) {
    Network.Builder n = convNet();
    change.accept(n);
    List<String> problems = NetworkValidator.problems(n.build()).stream().map(ValidationProblem::toString).toList();
    assertTrue(problems.contains(expected), what + ": " + problems);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Network.Builder n = convNet().setInputShape(shape(1, 7, 7));
    n.getProjectionsBuilder(0).getConv2DBuilder().setKernelW(0);
    n.getProjectionsBuilder(1).addWeights(1);
    assertEquals(3, NetworkValidator.problems(n.build()).size(), NetworkValidator.problems(n.build()).toString());
  }

  @Test
  void theRunningCommandsRefuseConvLayersByName() {
    SpikeForgeIoException e = assertThrows(SpikeForgeIoException.class,
        () -> NetworkValidator.requireDense(convNet().build(), Path.of("c.net.pb")));
    assertTrue(e.getMessage().contains("c.net.pb"), e.getMessage());
    assertTrue(e.getMessage().contains("projections[0].conv2d"), e.getMessage());
    NetworkValidator.requireDense(TestNetworks.theta().build(), Path.of("dense.net.pb")); // a dense net passes
  }
}
