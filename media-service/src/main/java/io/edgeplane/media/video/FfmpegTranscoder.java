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
import io.edgeplane.media.domain.StreamManifests;
import io.edgeplane.media.domain.StreamPresentation;
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
 * the source once, scales it for every rung (split filter) and writes one CMAF ladder (fragmented MP4,
 * one track per rung plus one audio track) with closed GOPs of exactly the segment length (keyframes
 * forced on the boundaries, no scene-cut keyframes), so every segment starts with a keyframe and the
 * rungs' segments are aligned. HLS playlists and the DASH MPD are then rendered over the same files.
 */
public final class FfmpegTranscoder implements VideoTranscoder {
    private static final Logger LOG = Logger.getLogger(FfmpegTranscoder.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MUXER_MPD = "muxer.mpd";
    public static final String AUDIO_TRACK = "audio";

    private final java.util.function.Supplier<FfmpegBinaries> binaries;

    public FfmpegTranscoder(FfmpegBinaries binaries) {
        this(() -> binaries);
    }

    /** With binaries that may still be being extracted at start-up: the first job waits for them. */
    public FfmpegTranscoder(java.util.function.Supplier<FfmpegBinaries> binaries) {
        this.binaries = binaries;
    }

    @Override
    public VideoProbe probe(Path source) {
        List<String> command = List.of(binaries.get().ffprobe().toString(), "-v", "error", "-print_format", "json",
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
    public PackagedVideo packageStreams(Path source, VideoProbe probe, VideoSettings settings, Path workDir,
            DoubleConsumer progress) {
        try {
            Files.createDirectories(workDir);
            Duration timeout = settings.timeoutFor(probe.durationSeconds());
            long started = System.nanoTime();
            Path poster = workDir.resolve("poster.jpg");
            Dimensions posterSize = poster(source, probe, settings, poster, timeout);
            Path stream = workDir.resolve("stream");
            Path muxer = workDir.resolve("muxer");
            List<LadderPlan.Rendition> ladder = LadderPlan.plan(probe.displayed(), settings.rungs());
            int tracks = ladder.size() + (probe.hasAudio() ? 1 : 0);
            for (int i = 0; i < tracks; i++) {
                Files.createDirectories(muxer.resolve("r" + i)); // the DASH muxer does not create directories
            }
            Duration left = timeout.minus(Duration.ofNanos(System.nanoTime() - started));
            List<String> command = streamCommand(source, probe, settings, ladder, muxer);
            ChildProcess.Result result = run(command, left.isNegative() ? Duration.ofSeconds(1) : left,
                    progressListener(probe.durationSeconds(), progress), false);
            if (result.exitCode() != 0) {
                throw new MediaRejectedException(FailureReason.TRANSCODE_FAILED,
                        "ffmpeg failed (exit " + result.exitCode() + "): " + lastLine(result));
            }
            StreamPresentation presentation = collect(MuxerMpd.read(muxer.resolve(MUXER_MPD)), ladder, settings, muxer,
                    stream);
            checkDecodedDuration(presentation.videoTracks().getFirst().durationSeconds(), probe.durationSeconds());
            Files.writeString(stream.resolve(StreamManifests.HLS_MASTER), StreamManifests.hlsMaster(presentation));
            Files.writeString(stream.resolve(StreamManifests.DASH_MPD), StreamManifests.dashMpd(presentation));
            for (StreamPresentation.Track track : presentation.tracks()) {
                Files.writeString(stream.resolve(track.name()).resolve(StreamManifests.HLS_MEDIA),
                        StreamManifests.hlsMedia(track));
            }
            deleteTree(muxer);
            progress.accept(1.0);
            List<PackagedVideo.Rung> rungs = new ArrayList<>();
            for (int i = 0; i < ladder.size(); i++) {
                LadderPlan.Rendition r = ladder.get(i);
                StreamPresentation.Track track = presentation.videoTracks().get(i);
                int measured = (int) Math.round(track.averageBitsPerSecond() / 1000.0);
                rungs.add(new PackagedVideo.Rung(r.name(), r.width(), r.height(), r.videoKbps(), measured, track.segments()));
            }
            return new PackagedVideo(poster, posterSize, stream, List.copyOf(rungs), presentation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Moves the muxer's numbered track directories to their names ({@code r0} to {@code 720p}, the last
     * to {@code audio}) and describes them, checking that every segment the timeline counts exists.
     */
    static StreamPresentation collect(MuxerMpd mpd, List<LadderPlan.Rendition> ladder, VideoSettings settings, Path muxer,
            Path stream) throws IOException {
        Files.createDirectories(stream);
        List<StreamPresentation.Track> tracks = new ArrayList<>();
        for (MuxerMpd.Representation rep : mpd.representations()) {
            String name = rep.video() ? ladder.get(rep.index()).name() : AUDIO_TRACK;
            Path dir = stream.resolve(name);
            Files.move(muxer.resolve("r" + rep.index()), dir);
            List<Long> sizes = new ArrayList<>();
            for (int n = 1; n <= rep.durations().size(); n++) {
                Path segment = dir.resolve(StreamPresentation.Track.segmentFile(n));
                if (!Files.isRegularFile(segment)) {
                    throw new MediaRejectedException(FailureReason.TRANSCODE_FAILED, "the muxer's timeline of track " + name
                            + " counts " + rep.durations().size() + " segments but " + segment.getFileName() + " is missing");
                }
                sizes.add(Files.size(segment));
            }
            try (Stream<Path> files = Files.list(dir)) {
                long extra = files.filter(f -> f.getFileName().toString().endsWith(".m4s")).count() - sizes.size();
                if (extra != 0) {
                    throw new MediaRejectedException(FailureReason.TRANSCODE_FAILED, "track " + name + " has " + extra
                            + " segment files its timeline does not count");
                }
            }
            tracks.add(new StreamPresentation.Track(name, rep.video(), rep.codecs(), rep.width(), rep.height(),
                    rep.frameRate(), rep.sampleRate(), rep.channels(), rep.timescale(), rep.startTime(), rep.durations(),
                    Files.size(dir.resolve(StreamManifests.INIT)), sizes));
        }
        double duration = tracks.stream().mapToDouble(StreamPresentation.Track::durationSeconds).max().orElse(0);
        return new StreamPresentation(duration, settings.segmentSeconds(), tracks);
    }

    /**
     * ffmpeg exits 0 on a source whose data stops early (an interrupted upload with its index up
     * front): compare what was packaged with what the container promised.
     */
    static void checkDecodedDuration(double packaged, double expectedSeconds) {
        if (packaged < expectedSeconds * 0.9 - 0.5) {
            throw new MediaRejectedException(FailureReason.CORRUPT, String.format(Locale.ROOT,
                    "only %.1f s of %.1f s could be decoded (truncated or damaged upload)", packaged, expectedSeconds));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Dimensions poster(Path source, VideoProbe probe, VideoSettings settings, Path poster, Duration timeout) {
        double at = Math.min(settings.posterAtSeconds(), probe.durationSeconds() / 2);
        int box = settings.posterBox();
        List<String> command = List.of(binaries.get().ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error",
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

    /**
     * The one ffmpeg command line that encodes the ladder once into CMAF tracks (public for the overhead
     * benchmark): numbered track directories {@code r0..} under {@code muxer}, and the muxer's MPD.
     */
    public List<String> streamCommand(Path source, VideoProbe probe, VideoSettings settings, List<LadderPlan.Rendition> ladder,
            Path muxer) {
        int n = ladder.size();
        int fps = (int) Math.ceil(probe.frameRate() > 0 ? probe.frameRate() : 30);
        int gop = fps * settings.segmentSeconds();
        List<String> c = new ArrayList<>(List.of(binaries.get().ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel",
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
        }
        if (probe.hasAudio()) {
            // One audio track shared by every rung (CMAF: audio in its own switching set, encoded once).
            c.addAll(List.of("-map", "0:a:0"));
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
        // The DASH muxer writes fragmented MP4 (moov-only init segment, moof+mdat fragments, the cmfc brand),
        // cutting at the forced keyframes; its representation ids are the output stream indexes. One muxer
        // adaptation set per track: it refuses rungs whose rounded sizes differ in aspect ratio (426x240 vs
        // 256x144), and its MPD is only read, never published (ours groups the rungs in one set).
        StringBuilder sets = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sets.append(i == 0 ? "" : " ").append("id=").append(i).append(",streams=").append(i);
        }
        if (probe.hasAudio()) {
            sets.append(" id=").append(n).append(",streams=a");
        }
        c.addAll(List.of("-f", "dash", "-seg_duration", String.valueOf(settings.segmentSeconds()), "-use_template", "1",
                "-use_timeline", "1", "-dash_segment_type", "mp4", "-format_options", "movflags=+cmaf",
                "-adaptation_sets", sets.toString(),
                "-init_seg_name", "r$RepresentationID$/" + StreamManifests.INIT,
                "-media_seg_name", "r$RepresentationID$/seg-$Number%05d$.m4s",
                muxer.resolve(MUXER_MPD).toString()));
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
            return ChildProcess.run(binaries.get().command(command), timeout, stdout, keepStdout);
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
