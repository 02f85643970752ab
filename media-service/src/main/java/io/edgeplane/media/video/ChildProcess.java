package io.edgeplane.media.video;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one program to completion with a deadline: stdin closed, stdout handed line by line to a
 * listener, the tail of stderr kept for the error message. On timeout the process (and its
 * children) are killed.
 */
final class ChildProcess {
    private static final int STDERR_TAIL = 4_000;

    record Result(int exitCode, String stdout, String stderrTail) {
    }

    static final class TimeoutException extends Exception {
        TimeoutException(String message) {
            super(message);
        }
    }

    private ChildProcess() {
    }

    static Result run(ProcessBuilder builder, Duration timeout, Consumer<String> stdoutLines, boolean keepStdout)
            throws IOException, TimeoutException, InterruptedException {
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        Thread out = Thread.ofVirtual().start(() -> readLines(process.getInputStream(), line -> {
            if (keepStdout) {
                stdout.append(line).append('\n');
            }
            stdoutLines.accept(line);
        }));
        Thread err = Thread.ofVirtual().start(() -> readLines(process.getErrorStream(), line -> {
            synchronized (stderr) {
                stderr.append(line).append('\n');
                if (stderr.length() > 2 * STDERR_TAIL) {
                    stderr.delete(0, stderr.length() - STDERR_TAIL);
                }
            }
        }));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new TimeoutException(String.join(" ", List.of(builder.command().getFirst())) + " ran longer than "
                        + timeout.toSeconds() + " s and was stopped");
            }
            out.join(Duration.ofSeconds(10));
            err.join(Duration.ofSeconds(10));
            String tail;
            synchronized (stderr) {
                tail = stderr.length() > STDERR_TAIL ? stderr.substring(stderr.length() - STDERR_TAIL) : stderr.toString();
            }
            return new Result(process.exitValue(), stdout.toString(), tail.strip());
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
    }

    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static void readLines(InputStream stream, Consumer<String> sink) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                sink.accept(line);
            }
        } catch (IOException e) {
            // The process ended or was killed; what was read is what we have.
        }
    }
}
