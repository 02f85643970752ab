package io.edgeplane.media.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.testsupport.media.HlsPlaylist;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamManifestsTest {
    private static StreamPresentation.Track video(String name, int height, List<Long> durations, List<Long> bytes) {
        return new StreamPresentation.Track(name, true, "avc1.64001f", height * 16 / 9, height, "25/1", 0, 0, 12800, 0,
                durations, 800, bytes);
    }

    private static final StreamPresentation.Track AUDIO = new StreamPresentation.Track("audio", false, "mp4a.40.2", 0, 0,
            null, 48000, 2, 48000, 0, List.of(192_000L, 192_000L, 48_000L), 700, List.of(64_000L, 64_000L, 16_000L));

    @Test
    void hostileCodecsStringsAndMismatchedSegmentListsAreRefused() {
        assertThatThrownBy(() -> new StreamPresentation.Track("720p", true, "avc1\"/><x", 1280, 720, null, 0, 0, 12800, 0,
                List.of(51200L), 1, List.of(10L))).hasMessageContaining("codecs");
        assertThatThrownBy(() -> video("720p", 720, List.of(51200L, 51200L), List.of(10L)))
                .hasMessageContaining("2 segment durations but 1 segment files");
        assertThatThrownBy(() -> new StreamPresentation(9, 4, List.of(AUDIO))).hasMessageContaining("video track");
    }

    @Test
    void bandwidthIsThePeakSegmentRateAndTargetDurationCoversRoundedSegments() {
        // 4 s at 100 kB, 4 s at 300 kB (the peak: 600 kbit/s), 0.5 s at 10 kB.
        StreamPresentation.Track v = video("720p", 720, List.of(51200L, 51200L, 6400L), List.of(100_000L, 300_000L, 10_000L));
        assertThat(v.peakBitsPerSecond()).isEqualTo(600_000);
        assertThat(v.averageBitsPerSecond()).isEqualTo((long) Math.ceil(410_000 * 8 / 8.5));

        StreamPresentation.Track longer = video("720p", 720, List.of(51200L, 58880L), List.of(1L, 1L)); // 4 s, 4.6 s
        assertThat(HlsPlaylist.parseMedia(StreamManifests.hlsMedia(longer)).targetDuration()).isEqualTo(5);
    }

    @Test
    void hlsAndDashNameTheSameFiles() {
        StreamPresentation p = new StreamPresentation(9.0, 4, List.of(
                video("720p", 720, List.of(51200L, 51200L, 12800L), List.of(500_000L, 400_000L, 90_000L)),
                video("360p", 360, List.of(51200L, 51200L, 12800L), List.of(150_000L, 120_000L, 20_000L)), AUDIO));

        String master = StreamManifests.hlsMaster(p);
        List<HlsPlaylist.Variant> variants = HlsPlaylist.parseMaster(master);
        assertThat(variants).extracting(HlsPlaylist.Variant::uri).containsExactly("720p/index.m3u8", "360p/index.m3u8");
        assertThat(variants.getFirst().codecs()).isEqualTo("avc1.64001f,mp4a.40.2");
        assertThat(variants.getFirst().bandwidth()).isEqualTo(1_000_000 + 128_000);
        assertThat(master).contains("#EXT-X-VERSION:7", "GROUP-ID=\"audio\"", "URI=\"audio/index.m3u8\"", "AUDIO=\"audio\"",
                "FRAME-RATE=25.000");

        HlsPlaylist.Media media = HlsPlaylist.parseMedia(StreamManifests.hlsMedia(p.videoTracks().getFirst()));
        assertThat(media.segments()).extracting(HlsPlaylist.Segment::uri)
                .containsExactly("seg-00001.m4s", "seg-00002.m4s", "seg-00003.m4s");
        assertThat(media.segments()).extracting(HlsPlaylist.Segment::durationSeconds).containsExactly(4.0, 4.0, 1.0);

        String mpd = StreamManifests.dashMpd(p);
        assertThat(mpd).contains("type=\"static\"", "mediaPresentationDuration=\"PT9.000S\"",
                "profiles=\"urn:mpeg:dash:profile:isoff-live:2011\"",
                "initialization=\"720p/init.mp4\" media=\"720p/seg-$Number%05d$.m4s\" startNumber=\"1\"",
                "<S t=\"0\" d=\"51200\" r=\"1\"/>\n            <S d=\"12800\"/>", "bandwidth=\"1000000\"",
                "<S t=\"0\" d=\"192000\" r=\"1\"/>");
        // Deterministic: a replayed job writes the same bytes.
        assertThat(StreamManifests.dashMpd(p)).isEqualTo(mpd);
        assertThat(StreamManifests.hlsMaster(p)).isEqualTo(master);
    }
}
