package io.edgeplane.media.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgeplane.media.domain.Dimensions;
import io.edgeplane.media.domain.FailureReason;
import io.edgeplane.media.domain.HlsRung;
import io.edgeplane.media.domain.MediaRejectedException;
import io.edgeplane.media.domain.PackagedVideo;
import io.edgeplane.media.domain.VideoLimits;
import io.edgeplane.media.domain.VideoProbe;
import io.edgeplane.media.domain.VideoSettings;
import io.edgeplane.testsupport.media.HlsPlaylist;
import java.nio.file.Files;
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
    void ladderIsPlayableHlsWithAPosterAndNoUpscaledRung() throws Exception {
        VideoProbe probe = TRANSCODER.probe(video);
        List<Double> progress = new CopyOnWriteArrayList<>();

        PackagedVideo packaged = TRANSCODER.packageHls(video, probe, SETTINGS, dir.resolve("work"), progress::add);

        assertThat(packaged.renditions()).extracting(PackagedVideo.Rung::name).containsExactly("240p", "144p");
        assertThat(packaged.posterSize()).isEqualTo(new Dimensions(320, 180));
        assertThat(Files.readAllBytes(packaged.poster())).startsWith(0xff, 0xd8, 0xff);
        assertThat(progress).isNotEmpty().isSorted();
        assertThat(progress.getLast()).isEqualTo(1.0);

        List<HlsPlaylist.Variant> variants = HlsPlaylist.parseMaster(Files.readString(packaged.hlsRoot().resolve("master.m3u8")));
        assertThat(variants).extracting(v -> v.width() + "x" + v.height()).containsExactly("426x240", "256x144");
        assertThat(variants).allSatisfy(v -> assertThat(v.codecs()).contains("avc1", "mp4a"));
        for (HlsPlaylist.Variant variant : variants) {
            Path playlist = packaged.hlsRoot().resolve(variant.uri());
            HlsPlaylist.Media media = HlsPlaylist.parseMedia(Files.readString(playlist));
            assertThat(media.playlistType()).isEqualTo("VOD");
            assertThat(media.endList()).isTrue();
            assertThat(media.targetDuration()).isLessThanOrEqualTo(4);
            assertThat(media.totalSeconds()).isCloseTo(9.0, within(0.25));
            // 4 s closed GOPs: 4 + 4 + 1.
            assertThat(media.segments()).hasSize(3);
            assertThat(media.segments().get(0).durationSeconds()).isCloseTo(4.0, within(0.05));
            List<Path> missing = new ArrayList<>();
            for (HlsPlaylist.Segment segment : media.segments()) {
                Path file = playlist.getParent().resolve(segment.uri());
                if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                    missing.add(file);
                }
                // MPEG-TS packets start with the sync byte 0x47.
                assertThat(Files.readAllBytes(file)[0]).isEqualTo((byte) 0x47);
            }
            assertThat(missing).as("segments named by %s", variant.uri()).isEmpty();
            // Every segment starts with a keyframe: decode the first frame of a middle segment alone.
            Path middle = playlist.getParent().resolve(media.segments().get(1).uri());
            VideoProbe segmentProbe = TRANSCODER.probe(middle);
            assertThat(segmentProbe.displayed()).isEqualTo(new Dimensions(variant.width(), variant.height()));
        }
        assertThat(packaged.renditions()).allSatisfy(r -> assertThat(r.measuredKbps()).isPositive());
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
            TRANSCODER.packageHls(truncated, probe, SETTINGS, dir.resolve("work-truncated"), p -> {
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

        assertThatThrownBy(() -> TRANSCODER.packageHls(video, probe, hurried, dir.resolve("work-timeout"), p -> {
        })).isInstanceOfSatisfying(MediaRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.TIMEOUT));
    }
}
