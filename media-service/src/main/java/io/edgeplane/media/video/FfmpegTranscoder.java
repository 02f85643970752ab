package io.edgeplane.media.video;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.media.domain.Dimensions;
import io.edgeplane.media.domain.FailureReason;
import io.edgeplane.media.domain.ImageHeader;
import io.edgeplane.media.domain.ImageHeaderReader;
import io.edgeplane.media.domain.LadderPlan;
import io.edgeplane.media.domain.MediaRejectedException;
import io.edgeplane.media.domain.PackagedVideo;
import io.edgeplane.media.domain.VideoProbe;
import io.edgeplane.media.domain.VideoSettings;
import io.edgeplane.media.domain.VideoTranscoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * ffprobe and ffmpeg as child processes: one probe, one poster grab, and one ffmpeg run that decodes
 * the source once, scales it for every rung (split filter) and writes an HLS VOD ladder with closed
 * GOPs of exactly the segment length (keyframes forced on the boundaries, no scene-cut keyframes),
 * so every segment starts with a keyframe and rungs switch cleanly.
 */
public final class FfmpegTranscoder implements VideoTranscoder {
    private static final Logger LOG = Logger.getLogger(FfmpegTranscoder.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FfmpegBinaries binaries;

    public FfmpegTranscoder(FfmpegBinaries binaries) {
        this.binaries = binaries;
    }

    @Override
    public VideoProbe probe(Path source) {
        List<String> command = List.of(binaries.ffprobe().toString(), "-v", "error", "-print_format", "json",
                "-show_format", "-show_streams", source.toString());
        ChildProcess.Result result = run(command, PROBE_TIMEOUT, line -> {
        }, true);
        if (result.exitCode() != 0) {
            throw new MediaRejectedException(FailureReason.CORRUPT, "ffprobe cannot read the upload: " + lastLine(result));
        }
        try {
            return parseProbe(JSON.readTree(result.stdout()));
        } catch (IOException e) {
            throw new MediaRejectedException(FailureReason.CORRUPT, "ffprobe output is not JSON: " + e.getMessage(), e);
        }
    }

    static VideoProbe parseProbe(JsonNode root) {
        JsonNode format = root.path("format");
        String container = format.path("format_name").asText("unknown");
        double duration = format.path("duration").asDouble(0);
        long bitrate = format.path("bit_rate").asLong(0) / 1000;
        JsonNode video = null;
        boolean audio = false;
        for (JsonNode stream : root.path("streams")) {
            String type = stream.path("codec_type").asText();
            // Cover art is a video stream with the attached_pic disposition: not a video.
            if (type.equals("video") && video == null && stream.path("disposition").path("attached_pic").asInt(0) == 0) {
                video = stream;
            } else if (type.equals("audio")) {
                audio = true;
            }
        }
        if (video == null) {
            return new VideoProbe(container, duration, null, null, 0, audio, bitrate);
        }
        int width = video.path("width").asInt(0);
        int height = video.path("height").asInt(0);
        if (width <= 0 || height <= 0) {
            throw new MediaRejectedException(FailureReason.CORRUPT, "the video stream has no frame size");
        }
        Dimensions displayed = new Dimensions(width, height);
        if (Math.abs(rotation(video)) % 180 == 90) {
            displayed = displayed.transposed(); // ffmpeg auto-rotates when it decodes
        }
        if (duration <= 0) {
            duration = video.path("duration").asDouble(0);
        }
        return new VideoProbe(container, duration, video.path("codec_name").asText("unknown"), displayed,
                frameRate(video.path("avg_frame_rate").asText("0/0"), video.path("r_frame_rate").asText("0/0")), audio,
                bitrate);
    }

    private static int rotation(JsonNode video) {
        for (JsonNode side : video.path("side_data_list")) {
            if (side.has("rotation")) {
                return side.path("rotation").asInt(0);
            }
        }
        return video.path("tags").path("rotate").asInt(0);
    }

    private static double frameRate(String... candidates) {
        for (String rate : candidates) {
            String[] parts = rate.split("/");
            try {
                double value = parts.length == 2 ? Double.parseDouble(parts[0]) / Double.parseDouble(parts[1])
                        : Double.parseDouble(rate);
                if (value > 0 && value < 1000) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // next candidate
            }
        }
        return 0;
    }

    @Override
    public PackagedVideo packageHls(Path source, VideoProbe probe, VideoSettings settings, Path workDir,
            DoubleConsumer progress) {
        try {
            Files.createDirectories(workDir);
            Duration timeout = settings.timeoutFor(probe.durationSeconds());
            long started = System.nanoTime();
            Path poster = workDir.resolve("poster.jpg");
            Dimensions posterSize = poster(source, probe, settings, poster, timeout);
            Path hls = workDir.resolve("hls");
            Files.createDirectories(hls);
            List<LadderPlan.Rendition> ladder = LadderPlan.plan(probe.displayed(), settings.rungs());
            Duration left = timeout.minus(Duration.ofNanos(System.nanoTime() - started));
            List<String> command = hlsCommand(source, probe, settings, ladder, hls);
            ChildProcess.Result result = run(command, left.isNegative() ? Duration.ofSeconds(1) : left,
                    progressListener(probe.durationSeconds(), progress), false);
            if (result.exitCode() != 0) {
                throw new MediaRejectedException(FailureReason.TRANSCODE_FAILED,
                        "ffmpeg failed (exit " + result.exitCode() + "): " + lastLine(result));
            }
            checkDecodedDuration(hls.resolve(ladder.getFirst().name()).resolve("index.m3u8"), probe.durationSeconds());
            progress.accept(1.0);
            List<PackagedVideo.Rung> rungs = new ArrayList<>();
            for (LadderPlan.Rendition r : ladder) {
                Path dir = hls.resolve(r.name());
                long bytes;
                int segments;
                try (Stream<Path> files = Files.list(dir)) {
                    List<Path> ts = files.filter(p -> p.getFileName().toString().endsWith(".ts")).toList();
                    segments = ts.size();
                    bytes = 0;
                    for (Path p : ts) {
                        bytes += Files.size(p);
                    }
                }
                int measured = (int) Math.round(bytes * 8 / 1000.0 / Math.max(0.001, probe.durationSeconds()));
                rungs.add(new PackagedVideo.Rung(r.name(), r.width(), r.height(), r.videoKbps(), measured, segments));
            }
            return new PackagedVideo(poster, posterSize, hls, List.copyOf(rungs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * ffmpeg exits 0 on a source whose data stops early (an interrupted upload with its index up
     * front): compare what was packaged with what the container promised.
     */
    static void checkDecodedDuration(Path playlist, double expectedSeconds) throws IOException {
        double packaged = 0;
        for (String line : Files.readAllLines(playlist)) {
            if (line.startsWith("#EXTINF:")) {
                String value = line.substring("#EXTINF:".length());
                packaged += Double.parseDouble(value.contains(",") ? value.substring(0, value.indexOf(',')) : value);
            }
        }
        if (packaged < expectedSeconds * 0.9 - 0.5) {
            throw new MediaRejectedException(FailureReason.CORRUPT, String.format(Locale.ROOT,
                    "only %.1f s of %.1f s could be decoded (truncated or damaged upload)", packaged, expectedSeconds));
        }
    }

    private Dimensions poster(Path source, VideoProbe probe, VideoSettings settings, Path poster, Duration timeout) {
        double at = Math.min(settings.posterAtSeconds(), probe.durationSeconds() / 2);
        int box = settings.posterBox();
        List<String> command = List.of(binaries.ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error",
                "-y", "-ss", String.format(Locale.ROOT, "%.3f", at), "-i", source.toString(), "-frames:v", "1",
                "-an", "-threads", String.valueOf(settings.threads()),
                "-vf", "scale=w='min(" + box + ",iw)':h='min(" + box + ",ih)':force_original_aspect_ratio=decrease,setsar=1",
                "-q:v", "3", poster.toString());
        ChildProcess.Result result = run(command, timeout, line -> {
        }, false);
        if (result.exitCode() != 0 || !Files.exists(poster)) {
            throw new MediaRejectedException(FailureReason.TRANSCODE_FAILED, "no poster frame: " + lastLine(result));
        }
        try {
            ImageHeader header = ImageHeaderReader.read(Files.readAllBytes(poster));
            return header.stored();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one ffmpeg command line that packages the ladder (public for the overhead benchmark). */
    public List<String> hlsCommand(Path source, VideoProbe probe, VideoSettings settings, List<LadderPlan.Rendition> ladder,
            Path hls) {
        int n = ladder.size();
        int fps = (int) Math.ceil(probe.frameRate() > 0 ? probe.frameRate() : 30);
        int gop = fps * settings.segmentSeconds();
        List<String> c = new ArrayList<>(List.of(binaries.ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel",
                "error", "-nostats", "-progress", "pipe:1", "-y", "-i", source.toString()));
        StringBuilder filter = new StringBuilder("[0:v]split=" + n);
        for (int i = 0; i < n; i++) {
            filter.append("[s").append(i).append(']');
        }
        for (int i = 0; i < n; i++) {
            LadderPlan.Rendition r = ladder.get(i);
            filter.append(";[s").append(i).append("]scale=").append(r.width()).append(':').append(r.height())
                    .append(",setsar=1[v").append(i).append(']');
        }
        c.addAll(List.of("-filter_complex", filter.toString(), "-filter_complex_threads", String.valueOf(settings.threads())));
        for (int i = 0; i < n; i++) {
            c.addAll(List.of("-map", "[v" + i + "]"));
            if (probe.hasAudio()) {
                c.addAll(List.of("-map", "0:a:0"));
            }
        }
        c.addAll(List.of("-c:v", "libx264", "-preset", settings.preset(), "-pix_fmt", "yuv420p", "-profile:v", "high",
                "-threads", String.valueOf(settings.threads()),
                // Closed GOPs of exactly one segment: a keyframe on every boundary and nowhere else.
                "-g", String.valueOf(gop), "-keyint_min", String.valueOf(gop), "-sc_threshold", "0",
                "-force_key_frames", "expr:gte(t,n_forced*" + settings.segmentSeconds() + ")",
                "-x264-params", "open-gop=0"));
        for (int i = 0; i < n; i++) {
            int kbps = ladder.get(i).videoKbps();
            c.addAll(List.of("-b:v:" + i, kbps + "k", "-maxrate:v:" + i, Math.round(kbps * 1.07) + "k",
                    "-bufsize:v:" + i, Math.round(kbps * 1.5) + "k"));
        }
        if (probe.hasAudio()) {
            c.addAll(List.of("-c:a", "aac", "-b:a", settings.audioKbps() + "k", "-ac", "2"));
        }
        StringBuilder map = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                map.append(' ');
            }
            map.append("v:").append(i);
            if (probe.hasAudio()) {
                map.append(",a:").append(i);
            }
            map.append(",name:").append(ladder.get(i).name());
        }
        c.addAll(List.of("-f", "hls", "-hls_time", String.valueOf(settings.segmentSeconds()), "-hls_playlist_type", "vod",
                "-hls_flags", "independent_segments", "-hls_segment_type", "mpegts",
                "-hls_segment_filename", hls.resolve("%v").resolve("seg-%05d.ts").toString(),
                "-master_pl_name", "master.m3u8", "-var_stream_map", map.toString(),
                hls.resolve("%v").resolve("index.m3u8").toString()));
        return c;
    }

    private static java.util.function.Consumer<String> progressListener(double durationSeconds, DoubleConsumer progress) {
        double[] lastReported = {-1};
        return line -> {
            if (line.startsWith("out_time_us=") && durationSeconds > 0) {
                try {
                    double seconds = Long.parseLong(line.substring("out_time_us=".length()).trim()) / 1_000_000.0;
                    double fraction = Math.max(0, Math.min(1, seconds / durationSeconds));
                    if (fraction - lastReported[0] >= 0.01) {
                        lastReported[0] = fraction;
                        progress.accept(fraction);
                    }
                } catch (NumberFormatException e) {
                    // "N/A" before the first frame
                }
            }
        };
    }

    private ChildProcess.Result run(List<String> command, Duration timeout, java.util.function.Consumer<String> stdout,
            boolean keepStdout) {
        try {
            LOG.debugf("running %s", String.join(" ", command));
            return ChildProcess.run(binaries.command(command), timeout, stdout, keepStdout);
        } catch (ChildProcess.TimeoutException e) {
            throw new MediaRejectedException(FailureReason.TIMEOUT, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        }
    }

    private static String lastLine(ChildProcess.Result result) {
        String tail = result.stderrTail();
        if (tail.isBlank()) {
            return "no diagnostics";
        }
        String[] lines = tail.split("\n");
        return lines[lines.length - 1];
    }
}
