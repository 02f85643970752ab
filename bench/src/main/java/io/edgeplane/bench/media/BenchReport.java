package io.edgeplane.bench.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/** Shared bits of the media benchmarks: statistics, RSS, machine line and the results file. */
final class BenchReport {
    private BenchReport() {
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Peak resident set size of this JVM in MiB (VmHWM). */
    static long peakRssMib() {
        return statusKb("VmHWM:") / 1024;
    }

    static long rssMib() {
        return statusKb("VmRSS:") / 1024;
    }

    /** Resets VmHWM to the current RSS (Linux: write 5 to clear_refs), so a phase's own peak can be read. */
    static boolean resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return -1;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    static String header(String name, String command) {
        return "# " + name + "\n\n"
                + "- command: `" + command + "`\n"
                + "- date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\n"
                + "- machine: " + Runtime.getRuntime().availableProcessors() + " cores ("
                + System.getProperty("os.arch") + "), JDK " + Runtime.version() + ", 1-minute load average at the end of the run "
                + loadAverage() + "\n\n";
    }

    static void write(String file, String markdown) throws IOException {
        Path results = Path.of("bench", "results");
        if (!Files.isDirectory(results)) {
            results = Path.of("results");
        }
        Files.createDirectories(results);
        Path target = results.resolve(file);
        Files.writeString(target, markdown);
        System.out.println(markdown);
        System.out.println("written to " + target.toAbsolutePath());
    }
}
