package io.edgeplane.bench.media;

import io.edgeplane.media.domain.HlsRung;
import io.edgeplane.media.domain.LadderPlan;
import io.edgeplane.media.domain.PackagedVideo;
import io.edgeplane.media.domain.VideoProbe;
import io.edgeplane.media.domain.VideoSettings;
import io.edgeplane.media.video.FfmpegBinaries;
import io.edgeplane.media.video.FfmpegTranscoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * CMAF packaging (HLS + DASH) through the media-service's transcoder (probe, poster, one ffmpeg run for
 * the ladder with progress parsing, output checks, both manifests) next to the bare ffmpeg command line it runs, in the same
 * run, alternating, on a test-pattern source generated first (default 30 s 1080p30 with audio).
 * Real-time factor = media seconds / wall seconds.
 *
 * <p>Args: {@code [--seconds 30] [--height 1080] [--rounds 2] [--rungs 1080p:1080:5000,...]}
 */
public final class HlsOverhead {
    public static void main(String[] args) throws Exception {
        int seconds = ImageRenditions.intArg(args, "--seconds", 30);
        int height = ImageRenditions.intArg(args, "--height", 1080);
        int rounds = ImageRenditions.intArg(args, "--rounds", 2);
        String rungs = stringArg(args, "--rungs", HlsRung.DEFAULTS);
        int width = (height * 16 / 9) & ~1;
        FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
        FfmpegTranscoder transcoder = new FfmpegTranscoder(ffmpeg);
        VideoSettings settings = new VideoSettings(HlsRung.parseList(rungs), 4, "veryfast",
                Runtime.getRuntime().availableProcessors(), 128, 1280, 1.0, 20.0, java.time.Duration.ofMinutes(10),
                VideoSettings.defaults().limits());
        Path dir = Files.createTempDirectory("hls-bench");
        try {
            Path source = dir.resolve("source.mp4");
            System.out.printf("generating a %d s %dx%d 30 fps source ...%n", seconds, width, height);
            run(ffmpeg, List.of(ffmpeg.ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=duration=" + seconds + ":size=" + width + "x" + height + ":rate=30",
                    "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds, "-c:v", "libx264", "-preset", "veryfast",
                    "-crf", "20", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", source.toString()));
            VideoProbe probe = transcoder.probe(source);
            List<LadderPlan.Rendition> ladder = LadderPlan.plan(probe.displayed(), settings.rungs());

            List<Double> bare = new ArrayList<>();
            List<Double> pipeline = new ArrayList<>();
            List<Double> bareCpu = new ArrayList<>();
            List<Double> pipelineCpu = new ArrayList<>();
            List<PackagedVideo.Rung> encoded = List.of();
            for (int round = 0; round < rounds; round++) {
                Path bareOut = Files.createDirectories(dir.resolve("bare-" + round));
                List<String> command = transcoder.streamCommand(source, probe, settings, ladder, bareOut);
                for (int i = 0; i <= ladder.size(); i++) {
                    Files.createDirectories(bareOut.resolve("r" + i)); // the DASH muxer's track directories
                }
                long t = System.nanoTime();
                double cpu = cpuSeconds();
                run(ffmpeg, command);
                bare.add((System.nanoTime() - t) / 1e9);
                bareCpu.add(cpuSeconds() - cpu);
                clean(bareOut);

                t = System.nanoTime();
                cpu = cpuSeconds();
                VideoProbe probed = transcoder.probe(source);
                PackagedVideo packaged = transcoder.packageStreams(source, probed, settings, dir.resolve("pipe-" + round),
                        p -> {
                        });
                pipeline.add((System.nanoTime() - t) / 1e9);
                pipelineCpu.add(cpuSeconds() - cpu);
                encoded = packaged.renditions();
                clean(dir.resolve("pipe-" + round));
                System.out.printf("round %d: bare %.2f s (%.2f CPU s), pipeline %.2f s (%.2f CPU s)%n", round + 1,
                        bare.getLast(), bareCpu.getLast(), pipeline.getLast(), pipelineCpu.getLast());
            }
            double bareBest = bare.stream().min(Comparator.naturalOrder()).orElseThrow();
            double pipeBest = pipeline.stream().min(Comparator.naturalOrder()).orElseThrow();
            double media = probe.durationSeconds();
            StringBuilder md = new StringBuilder(BenchReport.header("media.HlsOverhead",
                    "bench/run media.HlsOverhead" + (args.length > 0 ? " " + String.join(" ", args) : "")));
            md.append(String.format(Locale.ROOT, "Source: %.1f s, %s, 30 fps, H.264 + AAC (ffmpeg testsrc2 + sine). Ladder: "
                    + "%s; libx264 veryfast, 4 s closed GOPs, CMAF fMP4 segments, HLS + DASH manifests; ffmpeg 8.0.1 (bytedeco GPL build), "
                    + "%d threads. Best of %d alternating rounds.%n%n", media, probe.displayed(), ladderText(encoded),
                    settings.threads(), rounds));
            double bareCpuMin = bareCpu.stream().min(Comparator.naturalOrder()).orElseThrow();
            double pipeCpuMin = pipelineCpu.stream().min(Comparator.naturalOrder()).orElseThrow();
            md.append("| route | wall s (best) | real-time factor | CPU s (best; ffmpeg children + this JVM) |\n|---|---|---|---|\n");
            md.append(String.format(Locale.ROOT, "| bare ffmpeg command (CMAF ladder only) | %.2f | %.2fx | %.2f |%n", bareBest,
                    media / bareBest, bareCpuMin));
            md.append(String.format(Locale.ROOT,
                    "| edgeplane transcoder (probe + poster + ladder + checks) | %.2f | %.2fx | %.2f |%n", pipeBest,
                    media / pipeBest, pipeCpuMin));
            md.append(String.format(Locale.ROOT, "%n- Overhead by wall time: %+.1f %%; by CPU time: %+.1f %% (target < 5 %%; "
                    + "CPU time does not depend on what else runs on the machine, wall time does).%n",
                    (pipeBest / bareBest - 1) * 100, (pipeCpuMin / bareCpuMin - 1) * 100));
            md.append(String.format(Locale.ROOT, "- All rounds: bare %s s wall / %s CPU s; pipeline %s s wall / %s CPU s.%n",
                    fmt(bare), fmt(bareCpu), fmt(pipeline), fmt(pipelineCpu)));
            md.append("- Not included: download of the upload and upload of the outputs to S3 (network-bound).\n");
            md.append("- The load average is printed above: other processes on the 2 cores inflate every figure.\n");
            BenchReport.write("media-hls-overhead.md", md.toString());
        } finally {
            clean(dir);
        }
    }

    /** CPU seconds of this process plus its waited-for children (ffmpeg), from /proc/self/stat (100 ticks/s). */
    private static double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // Fields after the command name start at field 3: utime=14, stime=15, cutime=16, cstime=17.
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        return ticks / 100.0;
    }

    private static String ladderText(List<PackagedVideo.Rung> rungs) {
        return String.join(", ", rungs.stream().map(r -> String.format(Locale.ROOT, "%s %dx%d %d kbps target (%d measured)",
                r.name(), r.width(), r.height(), r.targetKbps(), r.measuredKbps())).toList());
    }

    private static String fmt(List<Double> values) {
        return String.join(" / ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
    }

    private static void run(FfmpegBinaries ffmpeg, List<String> command) throws IOException, InterruptedException {
        Process p = ffmpeg.command(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + String.join(" ", command));
        }
    }

    private static void clean(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
