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
    /** Where the build's protoc-c run put the generated decoder (hardware.pb-c.c/.h). */
    static final Path GENERATED = Path.of("target/generated-c");

    private NativeBuild() {
    }

    /** The board's C sources, with the decoder that protoc-c generated from hardware.proto. */
    static List<Path> boardSources() throws IOException {
        return boardSources(GENERATED);
    }

    /** The board's hand-written C sources with the decoder generated into {@code generated}. */
    static List<Path> boardSources(Path generated) throws IOException {
        try (Stream<Path> files = Files.list(C_ROOT.resolve("src"))) {
            List<Path> sources = new ArrayList<>(files.filter(p -> p.toString().endsWith(".c")).sorted().toList());
            sources.add(generated.resolve("spikeforge/hardware.pb-c.c"));
            return sources;
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
        return gcc(output, flags, sources, GENERATED);
    }

    /**
     * gcc with the given flags and sources into {@code output}, the generated decoder's headers taken
     * from {@code generated}; links libprotobuf-c (the runtime of the generated code).
     */
    static Path gcc(Path output, List<String> flags, List<Path> sources, Path generated)
            throws IOException, InterruptedException {
        Files.createDirectories(output.getParent());
        List<String> command = new ArrayList<>(List.of("gcc", "-std=c11", "-I", C_ROOT.resolve("include").toString(),
                "-I", generated.toString()));
        command.addAll(flags);
        sources.forEach(s -> command.add(s.toString()));
        command.addAll(List.of("-o", output.toString(), "-lprotobuf-c", "-lm"));
        Result r = run(command, 120);
        if (r.exitCode() != 0) {
            throw new AssertionError("gcc failed: " + r.stderr());
        }
        return output.toAbsolutePath();
    }
}
