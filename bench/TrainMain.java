/**
 * Runs {@code spikeforge train} in-process for bench scripts when the CLI does not register the
 * train subcommand: {@code java -cp SPIKEFORGE_JAR bench/TrainMain.java [train options]}.
 */
public class TrainMain {
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new org.spikeforge.cli.TrainCommand()).execute(args));
  }
}
