package org.spikeforge.hw.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Compiles and runs small C programs and libraries for tests, with gcc, under target/test-native. */
final class NativeBuild {
    static final Path C_ROOT = Path.of("src/main/c");
    static final Path OUT = Path.of("target/test-native");

    private NativeBuild() {
    }

    /** The board's C sources. */
    static List<Path> boardSources() throws IOException {
        try (Stream<Path> files = Files.list(C_ROOT.resolve("src"))) {
            return files.filter(p -> p.toString().endsWith(".c")).sorted().toList();
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command with a time limit, capturing both streams. */
    static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Files.createDirectories(OUT);
        Path stdout = Files.createTempFile(OUT, "out", ".txt");
        Path stderr = Files.createTempFile(OUT, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command);
        }
        Result result = new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
        Files.delete(stdout);
        Files.delete(stderr);
        return result;
    }

    /** gcc with the given flags and sources into {@code output}; fails the test with gcc's message. */
    static Path gcc(Path output, List<String> flags, List<Path> sources) throws IOException, InterruptedException {
        Files.createDirectories(output.getParent());
        List<String> command = new ArrayList<>(List.of("gcc", "-std=c11", "-I", C_ROOT.resolve("include").toString()));
        command.addAll(flags);
        sources.forEach(s -> command.add(s.toString()));
        command.addAll(List.of("-o", output.toString(), "-lm"));
        Result r = run(command, 120);
        if (r.exitCode() != 0) {
            throw new AssertionError("gcc failed: " + r.stderr());
        }
        return output.toAbsolutePath();
    }
}
