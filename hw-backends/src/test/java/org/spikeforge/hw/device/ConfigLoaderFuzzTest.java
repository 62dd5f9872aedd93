package org.spikeforge.hw.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the C config loader in a separate sanitizer build: valid configs from {@link RandomConfigs}
 * are mutated thousands of times (fixed seed) and fed to the board compiled with
 * {@code -fsanitize=address,undefined -fno-sanitize-recover=all}; any memory error, undefined
 * behaviour, out-of-buffer write or unknown status code fails the run. Conv and pool configs are among the
 * seeds, and each malformed conv/pool field of {@link ConvMutations} must be refused naming that field.
 */
class ConfigLoaderFuzzTest {
    private static final int ITERATIONS = 20000;

    @Test
    void mutatedConfigsAreRejectedCleanlyUnderSanitizers() throws Exception {
        List<Path> sources = new ArrayList<>(NativeBuild.boardSources());
        sources.add(Path.of("src/test/c/fuzz_config_loader.c"));
        Path fuzzer = NativeBuild.gcc(NativeBuild.OUT.resolve("fuzz_config_loader"),
                List.of("-g", "-O0", "-fno-omit-frame-pointer", "-fsanitize=address,undefined",
                        "-fno-sanitize-recover=all", "-Wall", "-Wextra"),
                sources);
        Path seeds = Files.createDirectories(NativeBuild.OUT.resolve("fuzz-seeds"));
        List<String> command = new ArrayList<>(List.of(fuzzer.toString(), "20261123", Integer.toString(ITERATIONS)));
        RandomConfigs random = new RandomConfigs(5);
        for (String family : List.of("loihi2", "xylo", "theta")) {
            for (int i = 0; i < 6; i++) {
                Path file = seeds.resolve(family + "-" + i + ".pb");
                Files.write(file, random.config(family).toByteArray());
                command.add("refboard-" + family + "=" + file.toAbsolutePath());
            }
        }
        // conv2d / sum_pool2d layers: valid seeds to mutate, and one malformed config per conv field that must be
        // refused naming the field (then mutated too)
        for (String family : List.of("loihi2", "theta")) {
            for (int i = 0; i < 6; i++) {
                Path file = seeds.resolve(family + "-conv-" + i + ".pb");
                Files.write(file, random.convConfig(family).toByteArray());
                command.add("refboard-" + family + "=" + file.toAbsolutePath());
            }
        }
        List<ConvMutations.Mutation> mutations = ConvMutations.all();
        for (int i = 0; i < mutations.size(); i++) {
            Path file = seeds.resolve("conv-bad-" + i + ".pb");
            Files.write(file, mutations.get(i).config().toByteArray());
            command.add("expect:refboard-loihi2:" + mutations.get(i).needle() + "=" + file.toAbsolutePath());
        }
        NativeBuild.Result r = NativeBuild.run(command, 120);
        String report = r.stdout() + r.stderr();
        assertFalse(report.contains("Sanitizer") || report.contains("runtime error"), report);
        assertEquals(0, r.exitCode(), report);
        Matcher m = Pattern.compile("fuzz: (\\d+) iterations, (\\d+) loaded; rejected MALFORMED (\\d+)").matcher(r.stdout());
        assertTrue(m.find(), report);
        assertEquals(ITERATIONS, Integer.parseInt(m.group(1)));
        // both paths must be exercised: some mutants still load and run, many are rejected as malformed
        assertTrue(Integer.parseInt(m.group(2)) > ITERATIONS / 100, report);
        assertTrue(Integer.parseInt(m.group(3)) > ITERATIONS / 10, report);
        Matcher named = Pattern.compile("; (\\d+) named refusals checked").matcher(r.stdout());
        assertTrue(named.find(), report);
        assertEquals(mutations.size(), Integer.parseInt(named.group(1)), report);
    }
}
