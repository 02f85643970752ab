package io.edgeplane.testsupport.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Edgeplane service ({@code <service>/target/quarkus-app/quarkus-run.jar}) run as its
 * own OS process with the {@code local} profile and {@code -D} overrides, as {@code ./edgeplane up}
 * runs it. It keeps its HTTP port across restarts, appends every run's output to one log file, and
 * can be killed with SIGKILL ({@code kill -9}) together with any child processes it started (ffmpeg).
 */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Path log;
    private final Map<String, String> properties;
    private final List<String> jvmOptions;
    private final String profile;
    private final Map<String, String> environment;
    private Process process;
    private int starts;

    public ServiceProcess(String name, Path jar, int port, Path log, Map<String, String> properties,
            List<String> jvmOptions) {
        this(name, jar, port, log, properties, jvmOptions, "local", Map.of());
    }

    /**
     * A service run with another profile ({@code null}: Quarkus's default, {@code prod}) and environment
     * variables, as a Kubernetes Deployment runs it: ConfigMaps and Secrets arrive as variables, and the
     * {@code -D} properties (which win over them) only point it at this machine's stand-ins.
     */
    public ServiceProcess(String name, Path jar, int port, Path log, Map<String, String> properties,
            List<String> jvmOptions, String profile, Map<String, String> environment) {
        this.profile = profile;
        this.environment = new LinkedHashMap<>(environment);
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.log = log;
        this.properties = new LinkedHashMap<>(properties);
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * Another process of this service with the same jar, profile, properties, JVM options and environment — a
     * replica, as KEDA adds one — on its own port and log. Not started.
     */
    public synchronized ServiceProcess replica(int port, Path log) {
        return new ServiceProcess(name, jar, port, log, properties, jvmOptions, profile, environment);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path log() {
        return log;
    }

    /** How many times the process was started. */
    public synchronized int starts() {
        return starts;
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Changes a {@code -D} property for the next start (e.g. fault rates). */
    public synchronized void property(String key, String value) {
        if (value == null) {
            properties.remove(key);
        } else {
            properties.put(key, value);
        }
    }

    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not packaged: " + jar + " is missing (run ./mvnw -B package -pl "
                    + name + " -am -DskipTests, or build through the reactor)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (profile != null) {
            command.add("-Dquarkus.profile=" + profile);
        }
        command.add("-Dquarkus.http.port=" + port);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "\n===== start " + (starts + 1) + " of " + name + ": " + String.join(" ", command)
                    + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(jar.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            starts++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Whether {@code /q/health/ready} answers 200 now. */
    public boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(url().resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The body of {@code /q/health/ready} (which checks are DOWN and why), or empty when it does not answer. */
    public String readinessReport() {
        try {
            return HTTP.send(HttpRequest.newBuilder(url().resolve("/q/health/ready")).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Waits until the service is ready; fails early, with the log's tail, if the process dies. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited before it was ready; log " + log + ":\n" + tail(40));
            }
            if (ready()) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; log " + log + ":\n" + tail(40));
    }

    /** SIGKILL, like {@code kill -9}: no shutdown hook, no offset commit, no drain. Children first. */
    public synchronized void kill9() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(20));
        appendToLog("\n===== killed with SIGKILL (kill -9)\n");
    }

    /** SIGTERM (graceful), then SIGKILL after the grace period. */
    public synchronized void stop(Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!waitFor(grace)) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    public void restart(Duration readyTimeout) {
        kill9();
        start();
        awaitReady(readyTimeout);
    }

    /** The last {@code lines} lines of the log. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Whole log text (all runs). */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void appendToLog(String text) {
        try {
            Files.writeString(log, text, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log is diagnostic only
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
