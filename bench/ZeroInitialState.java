/**
 * Writes a copy of a network with every initial state cleared (V0 = I0 = 0), for targets that start from
 * rest (Xylo): {@code java -cp SPIKEFORGE_JAR bench/ZeroInitialState.java IN.net.pb OUT.net.pb}. The copy is a
 * different float network; verify compares the emulator with that copy, not with the original.
 */
public class ZeroInitialState {
  public static void main(String[] args) {
    var net = org.spikeforge.io.ProtoFiles.readNetwork(java.nio.file.Path.of(args[0]));
    var b = net.toBuilder().setName(net.getName() + "-rest");
    for (int i = 0; i < b.getPopulationsCount(); i++) {
      b.setPopulations(i, b.getPopulations(i).toBuilder().clearInitialV().clearInitialI());
    }
    org.spikeforge.io.ProtoFiles.write(java.nio.file.Path.of(args[1]), b.build());
  }
}
