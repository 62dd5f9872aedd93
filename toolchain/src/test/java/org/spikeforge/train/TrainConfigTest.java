package org.spikeforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainConfigTest {
  @TempDir Path dir;

  @Test
  void yamlOverridesDefaultsWithTheSameKeysAsTheOptions() throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, "dataset: fashion-mnist\nhidden: 100,100\nepochs: 7\nlr: 0.004\nlr-decay-every: 100\n"
        + "optimizer: adam\nphi0: 0.5\n");
    TrainConfig c = TrainConfig.load(f);
    assertEquals("fashion-mnist", c.dataset());
    assertArrayEquals(new int[] {100, 100}, c.hiddenSizes());
    assertEquals(7, c.epochs());
    assertEquals(0.004, c.lr());
    assertEquals("adam", c.optimizer());
    assertEquals(TrainConfig.defaults().batch(), c.batch());
    assertEquals(c, TrainConfig.defaults().with(c.toMap(), "round trip"));
  }

  private String error(String yaml) throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, yaml);
    ConfigException e = assertThrows(ConfigException.class, () -> TrainConfig.load(f));
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    return e.getMessage();
  }

  private void check(String yaml, String expected) throws Exception {
    String m = error(yaml);
    assertTrue(m.contains(expected), m);
  }

  @Test
  void badValuesGiveOneLineErrorsNamingKeyAndLimit() throws Exception {
    check("epoch: 3\n", "unknown key 'epoch'");
    check("lr: NaN\n", "lr NaN must be finite and > 0");
    check("hidden: 120,0\n", "hidden layer size 0 must be > 0");
    check("hidden: -5\n", "hidden layer size -5 must be > 0");
    check("model: hodgkin\n", "model 'hodgkin' is not one of theta, lif, qif");
    check("dataset: cifar\n", "dataset 'cifar' is not yinyang");
    check("batch: many\n", "key 'batch' has a value of the wrong type");
    check("epochs: [1\n", "not valid YAML");
    check("time-levels: 1\n", "time-levels 1 must be 0 (continuous) or >= 2");
    check("dataset: fashion-mnist\nshift: -1\n", "shift -1 must be in [0, 8] pixels");
    check("shift: 2\n", "shift 2 needs an image dataset (dataset is yinyang)");
    ConfigException e = assertThrows(ConfigException.class, () -> TrainConfig.load(dir.resolve("none.yaml")));
    assertTrue(e.getMessage().contains("none.yaml: config file not found"));
  }

  @Test
  void hardwareMarginKeysParseValidateAndDefault() throws Exception {
    Path f = dir.resolve("m.yaml");
    Files.writeString(f, "model: lif\nfrom-rest: true\nfire-weight: 2\nfire-margin: 0.3\nfire-softness: 0.1\n"
        + "gap-weight: 0.5\ngap-margin: 0.15\nselect-on: pseudospikes\n");
    TrainConfig c = TrainConfig.load(f);
    assertTrue(c.fromRest());
    assertEquals(2, c.fireWeight());
    assertEquals(0.3, c.fireMargin());
    assertEquals(0.1, c.fireSoftness());
    assertEquals(0.5, c.gapWeight());
    assertEquals(0.15, c.gapMargin());
    assertEquals(false, c.selectsOnSpikesOnly());
    TtfsCrossEntropy loss = TtfsCrossEntropy.of(c);
    assertEquals(c.trialEnd() - 0.3, loss.fireDeadline(), 0.0);
    assertEquals(0.15, loss.gap(), 0.0);
    assertTrue(TrainConfig.defaultsFor("lif").selectsOnSpikesOnly(), "auto: spikes-only for lif");
    assertTrue(!TrainConfig.defaults().selectsOnSpikesOnly(), "auto: pseudospikes for theta");
    assertTrue(TrainConfig.defaultsFor("lif").fromRest(), "lif trains from rest by default (xylo, netx)");
    check("fire-margin: 5\n", "fire-margin 5.0 must be in [0, trial-end 2.0)");
    check("fire-weight: -1\n", "fire-weight -1.0 must be finite and >= 0");
    check("select-on: best\n", "select-on 'best' is not auto, pseudospikes or spikes-only");
    check("from-rest: true\n", "from-rest is only for the lif model (model is theta)");
  }

  @Test
  void timeLevelsReachTheLatencyEncoderAndItsStoredForm() {
    TrainConfig c = TrainConfig.defaults().with(Map.of("encoding", "log", "t-min", 0.0, "t-max", 2.0,
        "time-levels", 5, "bias", false), "command line");
    var enc = (org.spikeforge.data.LatencyEncoder) LoadedData.encoder(c, true);
    assertEquals(5, enc.timeLevels());
    assertEquals(0.5, enc.time(0.3), 0); // continuous 2 ln 0.3 / ln 0.01 = 0.5229 -> level 0.5
    assertEquals(5, enc.toProto("x").getTimeLevels());
    assertEquals(0.02, enc.flipProbability()); // images: the flip key augments latency codes too
    var yinYang = (org.spikeforge.data.LatencyEncoder) LoadedData.encoder(TrainConfig.defaults(), false);
    assertEquals(0, yinYang.flipProbability()); // Yin-Yang is never augmented, whatever flip says
  }

  @Test
  void shiftDefaultsToZeroAndIsACommandLineAndYamlKey() {
    assertEquals(0, TrainConfig.defaults().shift());
    TrainConfig c = TrainConfig.defaults().with(Map.of("dataset", "fashion-mnist", "shift", 2), "command line");
    assertEquals(2, c.shift());
    assertEquals(2, c.toMap().get("shift"));
  }

  @Test
  void emaDefaultsToOffIsAKeyAndMustBeBelowOne() throws Exception {
    assertEquals(0, TrainConfig.defaults().ema());
    TrainConfig c = TrainConfig.defaults().with(Map.of("ema", 0.999), "command line");
    assertEquals(0.999, c.ema());
    assertEquals(0.999, c.toMap().get("ema"));
    check("ema: 1\n", "ema 1.0 must be in [0, 1) (0: off)");
    check("ema: -0.5\n", "ema -0.5 must be in [0, 1) (0: off)");
  }

  @Test
  void inputDropoutDefaultsToOffIsAKeyAndNeedsImages() throws Exception {
    assertEquals(0, TrainConfig.defaults().inputDropout());
    TrainConfig c = TrainConfig.defaults().with(Map.of("dataset", "fashion-mnist", "input-dropout", 0.1),
        "command line");
    assertEquals(0.1, c.inputDropout());
    assertEquals(0.1, c.toMap().get("input-dropout"));
    check("dataset: fashion-mnist\ninput-dropout: 1\n", "input-dropout 1.0 must be in [0, 1)");
    check("input-dropout: 0.1\n", "input-dropout 0.1 needs an image dataset (dataset is yinyang)");
  }

  @Test
  void mirrorDefaultsToOffIsAKeyAndNeedsImages() throws Exception {
    assertEquals(0, TrainConfig.defaults().mirror());
    TrainConfig c = TrainConfig.defaults().with(Map.of("dataset", "fashion-mnist", "mirror", 0.5), "command line");
    assertEquals(0.5, c.mirror());
    assertEquals(0.5, c.toMap().get("mirror"));
    check("dataset: fashion-mnist\nmirror: 1.5\n", "mirror 1.5 must be in [0, 1]");
    check("mirror: 0.5\n", "mirror 0.5 needs an image dataset (dataset is yinyang)");
  }

  @Test
  void overridesRejectUnknownKeys() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> TrainConfig.defaults().with(Map.of("learning-rate", 1), "command line"));
    assertTrue(e.getMessage().startsWith("command line: unknown key 'learning-rate' (known: "), e.getMessage());
  }
}
