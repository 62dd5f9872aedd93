package org.spikeforge.spark;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.spikeforge.sweep.SweepSpecException;

/**
 * Builds the Spark context of a command: the master (checked by {@link SparkMasters}), the JDK 17
 * {@code --add-opens} options for the executors (the driver's come from the launcher or spark-submit), this jar as
 * {@code spark.jars} for a cluster (unless given), no web UI, and any {@code --conf} the user passed. Under
 * spark-submit the master and jars come from its system properties, which {@link SparkConf} reads.
 */
public final class SparkSessions {
  /** The packages Spark reflects into on JDK 17, as JVM options for its executors. */
  public static final String OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED"
      + " --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
      + " --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
      + " --add-opens=java.base/sun.util.calendar=ALL-UNNAMED";

  private SparkSessions() {}

  /**
   * The context for {@code master} (null: spark-submit's, else {@code local[*]}).
   *
   * @throws SweepSpecException for a bad or unreachable master
   */
  public static JavaSparkContext open(String appName, String master, Map<String, String> confs) {
    SparkConf conf = new SparkConf().setAppName(appName);
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    String m = SparkMasters.check(conf.get("spark.master"));
    conf.setIfMissing("spark.ui.enabled", "false");
    conf.setIfMissing("spark.executor.extraJavaOptions", OPENS + " -Djava.awt.headless=true -Xss8m");
    if (!m.startsWith("local")) {
      String jar = ownJar();
      if (jar != null) {
        conf.setIfMissing("spark.jars", jar);
      }
      if (m.contains("://127.0.0.1:") || m.contains("://localhost:")) {
        conf.setIfMissing("spark.driver.host", "127.0.0.1");
      }
    }
    confs.forEach(conf::set);
    return new JavaSparkContext(conf);
  }

  /** The jar this class was loaded from, or null when it runs from a classes folder (tests pass spark.jars). */
  static String ownJar() {
    try {
      var src = SparkSessions.class.getProtectionDomain().getCodeSource();
      if (src == null) {
        return null;
      }
      Path p = Path.of(src.getLocation().toURI());
      return p.toString().endsWith(".jar") ? p.toString() : null;
    } catch (URISyntaxException | SecurityException e) {
      return null;
    }
  }
}
