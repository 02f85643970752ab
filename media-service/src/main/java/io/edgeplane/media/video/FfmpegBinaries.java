package io.edgeplane.media.video;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;

/**
 * Where the ffmpeg and ffprobe programs are: a configured directory (e.g. {@code /usr/bin} for
 * Debian's ffmpeg), or the GPL build shipped inside the bytedeco jar, extracted once into the JavaCPP
 * cache (~/.javacpp/cache). The bundled programs need their sibling libraries on
 * {@code LD_LIBRARY_PATH} (the libraries carry no RUNPATH) and the system's libpulse0.
 */
public record FfmpegBinaries(Path ffmpeg, Path ffprobe, Optional<Path> libraryPath) {
    private static final String BUNDLED = "linux-x86_64-gpl";

    public static FfmpegBinaries locate(Optional<Path> directory) {
        if (directory.isPresent()) {
            return new FfmpegBinaries(directory.get().resolve("ffmpeg"), directory.get().resolve("ffprobe"), Optional.empty());
        }
        return bundled();
    }

    private static volatile FfmpegBinaries bundled;

    public static synchronized FfmpegBinaries bundled() {
        if (bundled == null) {
            try {
                File[] dirs = Loader.cacheResources(org.bytedeco.ffmpeg.ffmpeg.class, BUNDLED);
                if (dirs == null || dirs.length == 0) {
                    throw new IllegalStateException("the bytedeco ffmpeg jar for " + BUNDLED + " is not on the classpath");
                }
                Path dir = dirs[0].toPath();
                Path ffmpeg = dir.resolve("ffmpeg");
                Path ffprobe = dir.resolve("ffprobe");
                for (Path program : new Path[] {ffmpeg, ffprobe}) {
                    if (!Files.isExecutable(program) && !program.toFile().setExecutable(true)) {
                        throw new IllegalStateException("cannot make " + program + " executable");
                    }
                }
                bundled = new FfmpegBinaries(ffmpeg, ffprobe, Optional.of(dir));
            } catch (IOException e) {
                throw new IllegalStateException("cannot extract the bundled ffmpeg", e);
            }
        }
        return bundled;
    }

    /** A process builder for one of the programs, with the library path set. */
    public ProcessBuilder command(java.util.List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        libraryPath.ifPresent(dir -> {
            String existing = builder.environment().get("LD_LIBRARY_PATH");
            builder.environment().put("LD_LIBRARY_PATH", dir + (existing == null || existing.isBlank() ? "" : ":" + existing));
        });
        return builder;
    }

    /**
     * Runs {@code ffmpeg -version} and {@code ffprobe -version}: returns ffmpeg's version line, or throws naming
     * the program and its last diagnostic line (e.g. a shared library the runtime image lacks).
     */
    public String verify(java.time.Duration timeout) {
        String version = null;
        for (Path program : new Path[] {ffmpeg, ffprobe}) {
            ChildProcess.Result result;
            try {
                result = ChildProcess.run(command(java.util.List.of(program.toString(), "-version")), timeout,
                        line -> {
                        }, true);
            } catch (IOException | ChildProcess.TimeoutException e) {
                throw new IllegalStateException(program + " cannot run: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking " + program, e);
            }
            if (result.exitCode() != 0) {
                String[] lines = result.stderrTail().strip().split("\n");
                throw new IllegalStateException(program + " -version exited with " + result.exitCode() + ": "
                        + lines[lines.length - 1]);
            }
            if (version == null) {
                version = result.stdout().lines().findFirst().orElse("").strip();
            }
        }
        return version;
    }
}
