package io.edgeplane.media.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgeplane.media.DashEssentials;
import io.edgeplane.media.domain.Dimensions;
import io.edgeplane.media.domain.FailureReason;
import io.edgeplane.media.domain.HlsRung;
import io.edgeplane.media.domain.MediaRejectedException;
import io.edgeplane.media.domain.PackagedVideo;
import io.edgeplane.media.domain.VideoLimits;
import io.edgeplane.media.domain.VideoProbe;
import io.edgeplane.media.domain.VideoSettings;
import io.edgeplane.testsupport.media.HlsPlaylist;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.w3c.dom.Document;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegTranscoderTest {
    private static final FfmpegBinaries FFMPEG = FfmpegBinaries.bundled();
    private static final FfmpegTranscoder TRANSCODER = new FfmpegTranscoder(FFMPEG);
    private static final VideoSettings SETTINGS = new VideoSettings(
            HlsRung.parseList("720p:720:2800,240p:240:400,144p:144:150"), 4, "ultrafast", 2, 64, 320, 1.0, 10.0,
            Duration.ofMinutes(2), new VideoLimits(Duration.ofMinutes(10), 1920L * 1080));

    @TempDir
    static Path dir;
    static Path video;

    @BeforeAll
    static void makeVideo() {
        video = TestVideos.mp4(FFMPEG, dir.resolve("source.mp4"), 9, 426, 240, true);
    }

    @Test
    void probeReadsDurationSizeAndStreams() {
        VideoProbe probe = TRANSCODER.probe(video);

        assertThat(probe.displayed()).isEqualTo(new Dimensions(426, 240));
        assertThat(probe.durationSeconds()).isCloseTo(9.0, within(0.2));
        assertThat(probe.videoCodec()).isEqualTo("h264");
        assertThat(probe.hasAudio()).isTrue();
        assertThat(probe.frameRate()).isCloseTo(25.0, within(0.01));
        assertThat(probe.container()).contains("mp4");
    }

    @Test
    void oneCmafLadderIsDescribedByHlsAndDashOverTheSameSegments() throws Exception {
        VideoProbe probe = TRANSCODER.probe(video);
        List<Double> progress = new CopyOnWriteArrayList<>();

        PackagedVideo packaged = TRANSCODER.packageStreams(video, probe, SETTINGS, dir.resolve("work"), progress::add);

        assertThat(packaged.renditions()).extracting(PackagedVideo.Rung::name).containsExactly("240p", "144p");
        assertThat(packaged.posterSize()).isEqualTo(new Dimensions(320, 180));
        assertThat(Files.readAllBytes(packaged.poster())).startsWith(0xff, 0xd8, 0xff);
        assertThat(progress).isNotEmpty().isSorted();
        assertThat(progress.getLast()).isEqualTo(1.0);
        Path root = packaged.streamRoot();
        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString()))
                    .as("only the published files: no muxer leftovers, no TS")
                    .allMatch(f -> f.matches("(master\\.m3u8|manifest\\.mpd|(240p|144p|audio)/(init\\.mp4|index\\.m3u8|seg-\\d{5}\\.m4s))"));
        }

        // HLS: version 7, fMP4 through EXT-X-MAP, audio as a rendition group.
        String masterText = Files.readString(root.resolve("master.m3u8"));
        assertThat(masterText).contains("#EXT-X-VERSION:7", "#EXT-X-MEDIA:TYPE=AUDIO", "URI=\"audio/index.m3u8\"");
        List<HlsPlaylist.Variant> variants = HlsPlaylist.parseMaster(masterText);
        assertThat(variants).extracting(v -> v.width() + "x" + v.height()).containsExactly("426x240", "256x144");
        assertThat(variants).allSatisfy(v -> assertThat(v.codecs()).matches("avc1\\.[0-9a-f]{6},mp4a\\.40\\.2"));
        Map<String, List<HlsPlaylist.Segment>> hlsSegments = new LinkedHashMap<>();
        for (String track : List.of("240p", "144p", "audio")) {
            String text = Files.readString(root.resolve(track).resolve("index.m3u8"));
            assertThat(text).contains("#EXT-X-VERSION:7", "#EXT-X-MAP:URI=\"init.mp4\"").doesNotContain("PROGRAM-DATE-TIME");
            HlsPlaylist.Media media = HlsPlaylist.parseMedia(text);
            assertThat(media.playlistType()).isEqualTo("VOD");
            assertThat(media.endList()).isTrue();
            assertThat(media.independentSegments()).isTrue();
            assertThat(media.targetDuration()).isEqualTo(4);
            assertThat(media.totalSeconds()).as(track).isCloseTo(9.0, within(0.1));
            hlsSegments.put(track, media.segments());
        }
        // 4 s closed GOPs, aligned across rungs: 4 + 4 + 1 in every video track.
        assertThat(hlsSegments.get("240p")).extracting(HlsPlaylist.Segment::durationSeconds)
                .containsExactly(4.0, 4.0, 1.0);
        assertThat(hlsSegments.get("144p")).isEqualTo(hlsSegments.get("240p"));
        BigInteger variantPeak = BigInteger.valueOf(variants.getFirst().bandwidth());

        // DASH: the same files, counted and timed identically.
        Document mpd = DashEssentials.parse(Files.readString(root.resolve("manifest.mpd")));
        Map<String, DashEssentials.Representation> reps = DashEssentials.check(mpd, 9.0);
        assertThat(reps).containsOnlyKeys("240p", "144p", "audio");
        for (var rep : reps.values()) {
            List<HlsPlaylist.Segment> hls = hlsSegments.get(rep.id());
            assertThat(rep.segmentFiles()).as("DASH and HLS name the same segments of " + rep.id())
                    .isEqualTo(hls.stream().map(s -> rep.id() + "/" + s.uri()).toList());
            assertThat(rep.initialization()).isEqualTo(rep.id() + "/init.mp4");
            for (int i = 0; i < hls.size(); i++) {
                assertThat(rep.segmentSeconds().get(i)).isCloseTo(hls.get(i).durationSeconds(), within(0.001));
            }
            try (var files = Files.list(root.resolve(rep.id()))) {
                assertThat(files.filter(f -> f.toString().endsWith(".m4s")).count()).isEqualTo(rep.segmentFiles().size());
            }
            // Peak segment rate: at least the average of the files.
            long bytes = 0;
            for (String f : rep.segmentFiles()) {
                bytes += Files.size(root.resolve(f));
            }
            assertThat(rep.bandwidth()).isGreaterThanOrEqualTo((long) (bytes * 8 / 9.0));
        }
        assertThat(reps.get("240p").codecs()).isEqualTo(variants.getFirst().codecs().split(",")[0]);
        assertThat(reps.get("audio").codecs()).isEqualTo("mp4a.40.2");
        assertThat(variantPeak.longValue()).isEqualTo(reps.get("240p").bandwidth() + reps.get("audio").bandwidth());

        // ffprobe reads every track as init + all media segments, end to end, and each segment on its own
        // behind the init segment (every video segment starts with a keyframe).
        for (var rep : reps.values()) {
            Path joined = dir.resolve("joined-" + rep.id() + ".mp4");
            try (OutputStream out = Files.newOutputStream(joined)) {
                Files.copy(root.resolve(rep.initialization()), out);
                for (String f : rep.segmentFiles()) {
                    Files.copy(root.resolve(f), out);
                }
            }
            VideoProbe whole = TRANSCODER.probe(joined);
            assertThat(whole.durationSeconds()).as(rep.id()).isCloseTo(9.0, within(0.1));
            if (!rep.id().equals("audio")) {
                assertThat(whole.displayed()).isEqualTo(new Dimensions(rep.width(), rep.height()));
                assertThat(TestVideos.decodedFrames(FFMPEG, joined)).as(rep.id()).isEqualTo(9 * 25);
                Path middle = dir.resolve("middle-" + rep.id() + ".mp4");
                Files.write(middle, concat(root.resolve(rep.initialization()), root.resolve(rep.segmentFiles().get(1))));
                assertThat(TestVideos.decodedFrames(FFMPEG, middle)).as("segment 2 of " + rep.id() + " alone").isEqualTo(4 * 25);
            } else {
                assertThat(whole.hasAudio()).isTrue();
            }
        }
        assertThat(packaged.renditions()).allSatisfy(r -> assertThat(r.measuredKbps()).isPositive());
    }

    private static byte[] concat(Path a, Path b) throws java.io.IOException {
        byte[] x = Files.readAllBytes(a);
        byte[] y = Files.readAllBytes(b);
        byte[] out = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }

    @Test
    void garbageAndTruncatedVideosAreCorrupt() throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.mp4"), "this is not a video".getBytes());
        assertThatThrownBy(() -> TRANSCODER.probe(garbage))
                .isInstanceOfSatisfying(MediaRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.CORRUPT));

        Path truncated = dir.resolve("truncated.mp4");
        byte[] bytes = Files.readAllBytes(video);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        // faststart put the index first: the probe passes, but most frames are missing.
        assertThatThrownBy(() -> {
            VideoProbe probe = TRANSCODER.probe(truncated);
            SETTINGS.limits().check(probe);
            TRANSCODER.packageStreams(truncated, probe, SETTINGS, dir.resolve("work-truncated"), p -> {
            });
            throw new AssertionError("a third of a video packaged without error");
        }).isInstanceOfSatisfying(MediaRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(FailureReason.CORRUPT);
            assertThat(e.getMessage()).contains("of 9.0 s");
        }).isInstanceOf(MediaRejectedException.class);
    }

    @Test
    void transcodeThatOverrunsItsTimeoutIsStopped() {
        VideoProbe probe = TRANSCODER.probe(video);
        VideoSettings hurried = new VideoSettings(HlsRung.parseList("240p:240:400"), 4, "veryslow", 1, 64, 320, 1.0, 0.0001,
                Duration.ofMillis(300), SETTINGS.limits());

        assertThatThrownBy(() -> TRANSCODER.packageStreams(video, probe, hurried, dir.resolve("work-timeout"), p -> {
        })).isInstanceOfSatisfying(MediaRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.TIMEOUT));
    }
}
