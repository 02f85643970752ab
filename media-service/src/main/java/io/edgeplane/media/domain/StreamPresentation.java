package io.edgeplane.media.domain;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One CMAF presentation: fragmented-MP4 tracks (one per video rung, one audio track shared by all
 * rungs), each an init segment and numbered media segments. Both the HLS playlists and the DASH MPD
 * are rendered from this one description, so they name the same segment objects.
 *
 * @param durationSeconds   the presentation's duration (the longest track)
 * @param segmentSeconds    the nominal segment length (the GOP length)
 */
public record StreamPresentation(double durationSeconds, int segmentSeconds, List<Track> tracks) {
    private static final Pattern CODECS = Pattern.compile("[A-Za-z0-9.]+");

    public StreamPresentation {
        tracks = List.copyOf(tracks);
        if (tracks.stream().noneMatch(Track::video)) {
            throw new IllegalArgumentException("a presentation needs at least one video track");
        }
    }

    /**
     * One CMAF track stored as {@code <name>/init.mp4} and {@code <name>/seg-00001.m4s} ...
     *
     * @param name             directory and representation id: the rung name, or {@code audio}
     * @param codecs           RFC 6381 codecs string, e.g. {@code avc1.64001f} or {@code mp4a.40.2}
     * @param frameRate        video frame rate as DASH writes it ({@code 25/1}), null for audio
     * @param timescale        units per second of {@code startTime} and {@code segmentDurations}
     * @param startTime        media time of the first segment (as the muxer wrote it in the fragments)
     * @param segmentDurations duration of each media segment, in {@code timescale} units, in order
     * @param segmentBytes     size of each media segment file
     */
    public record Track(String name, boolean video, String codecs, int width, int height, String frameRate,
            int sampleRate, int channels, long timescale, long startTime, List<Long> segmentDurations, long initBytes,
            List<Long> segmentBytes) {

        public Track {
            segmentDurations = List.copyOf(segmentDurations);
            segmentBytes = List.copyOf(segmentBytes);
            if (codecs == null || !CODECS.matcher(codecs).matches()) {
                throw new IllegalArgumentException("track " + name + ": codecs '" + codecs + "' is not an RFC 6381 string");
            }
            if (timescale <= 0) {
                throw new IllegalArgumentException("track " + name + ": timescale " + timescale + " must be positive");
            }
            if (segmentDurations.isEmpty() || segmentDurations.size() != segmentBytes.size()) {
                throw new IllegalArgumentException("track " + name + ": " + segmentDurations.size() + " segment durations but "
                        + segmentBytes.size() + " segment files");
            }
        }

        public int segments() {
            return segmentDurations.size();
        }

        /** Duration of media segment {@code index} (0-based) in seconds. */
        public double segmentSeconds(int index) {
            return (double) segmentDurations.get(index) / timescale;
        }

        public double durationSeconds() {
            return (double) segmentDurations.stream().mapToLong(Long::longValue).sum() / timescale;
        }

        /** The highest bitrate of any one segment: what HLS BANDWIDTH and DASH @bandwidth promise. */
        public long peakBitsPerSecond() {
            double peak = 0;
            for (int i = 0; i < segments(); i++) {
                peak = Math.max(peak, segmentBytes.get(i) * 8 / Math.max(0.001, segmentSeconds(i)));
            }
            return (long) Math.ceil(peak);
        }

        public long averageBitsPerSecond() {
            long bytes = segmentBytes.stream().mapToLong(Long::longValue).sum();
            return (long) Math.ceil(bytes * 8 / Math.max(0.001, durationSeconds()));
        }

        /** File name of media segment {@code number} (1-based, as both manifests count). */
        public static String segmentFile(int number) {
            return String.format(java.util.Locale.ROOT, "seg-%05d.m4s", number);
        }
    }

    public List<Track> videoTracks() {
        return tracks.stream().filter(Track::video).toList();
    }

    public Optional<Track> audio() {
        return tracks.stream().filter(t -> !t.video()).findFirst();
    }
}
