package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spikeforge.cli.demo.ExampleNetwork;
import org.spikeforge.io.Encoding;
import org.spikeforge.io.ProtoFiles;

/** The files in examples/ are exactly what the demo builds, byte for byte. */
class ExamplesTest {
  /** Surefire runs in the module directory; examples/ is at the repository root. */
  static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void exampleNetworkFileMatchesTheBuiltInNetwork() throws Exception {
    Path file = EXAMPLES.resolve(ExampleNetwork.NAME + ".net.json");
    assertEquals(ExampleNetwork.network(), ProtoFiles.readNetwork(file));
    assertEquals(new String(ProtoFiles.encode(ExampleNetwork.network(), Encoding.JSON)), Files.readString(file));
  }

  @Test
  void exampleInputsFileMatchesTheBuiltInSample() throws Exception {
    Path file = EXAMPLES.resolve(ExampleNetwork.NAME + ".spikes.json");
    assertEquals(ExampleNetwork.inputs(), ProtoFiles.readInputSpikes(file, ExampleNetwork.network().getNumInputs()));
    assertEquals(new String(ProtoFiles.encode(ExampleNetwork.inputs(), Encoding.JSON)), Files.readString(file));
  }
}
