package io.edgeplane.media.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The two descriptions of one CMAF presentation: HLS (RFC 8216, version 7, fMP4 segments through
 * {@code #EXT-X-MAP}) and a static DASH MPD (ISO/IEC 23009-1, live profile, {@code SegmentTemplate} with
 * a {@code SegmentTimeline}). Both name the same files, relative to the presentation's directory:
 * {@code <track>/init.mp4}, {@code <track>/seg-00001.m4s} ... Pure text rendering, deterministic (no
 * wall-clock dates), so a replayed job writes identical bytes.
 */
public final class StreamManifests {
    public static final String HLS_MASTER = "master.m3u8";
    public static final String HLS_MEDIA = "index.m3u8";
    public static final String DASH_MPD = "manifest.mpd";
    public static final String INIT = "init.mp4";
    public static final String DASH_PROFILE = "urn:mpeg:dash:profile:isoff-live:2011";
    private static final String AUDIO_GROUP = "audio";

    private StreamManifests() {
    }

    /** The master playlist: one variant per video rung, the audio track as an alternative rendition group. */
    public static String hlsMaster(StreamPresentation p) {
        StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        StreamPresentation.Track audio = p.audio().orElse(null);
        if (audio != null) {
            m.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"").append(AUDIO_GROUP).append("\",NAME=\"").append(audio.name())
                    .append("\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"").append(audio.channels()).append("\",URI=\"")
                    .append(audio.name()).append('/').append(HLS_MEDIA).append("\"\n");
        }
        for (StreamPresentation.Track v : p.videoTracks()) {
            // BANDWIDTH is the peak of the whole variant (video + the audio it plays with).
            long peak = v.peakBitsPerSecond() + (audio == null ? 0 : audio.peakBitsPerSecond());
            long average = v.averageBitsPerSecond() + (audio == null ? 0 : audio.averageBitsPerSecond());
            m.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(peak).append(",AVERAGE-BANDWIDTH=").append(average)
                    .append(",CODECS=\"").append(v.codecs()).append(audio == null ? "" : "," + audio.codecs())
                    .append("\",RESOLUTION=").append(v.width()).append('x').append(v.height());
            if (v.frameRate() != null) {
                m.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", rate(v.frameRate())));
            }
            if (audio != null) {
                m.append(",AUDIO=\"").append(AUDIO_GROUP).append('"');
            }
            m.append('\n').append(v.name()).append('/').append(HLS_MEDIA).append('\n');
        }
        return m.toString();
    }

    /** A track's media playlist, in the track's directory (URIs relative to it). */
    public static String hlsMedia(StreamPresentation.Track t) {
        long target = 1;
        for (int i = 0; i < t.segments(); i++) {
            // RFC 8216 4.3.3.1: every EXTINF rounded to the nearest integer is at most the target duration.
            target = Math.max(target, Math.round(t.segmentSeconds(i)));
        }
        StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:").append(target)
                .append("\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n")
                .append("#EXT-X-MAP:URI=\"").append(INIT).append("\"\n");
        for (int i = 0; i < t.segments(); i++) {
            m.append(String.format(Locale.ROOT, "#EXTINF:%.6f,%n", t.segmentSeconds(i)))
                    .append(StreamPresentation.Track.segmentFile(i + 1)).append('\n');
        }
        return m.append("#EXT-X-ENDLIST\n").toString();
    }

    /** The static MPD: a video adaptation set (the rungs, aligned segments) and an audio one. */
    public static String dashMpd(StreamPresentation p) {
        double maxSegment = p.tracks().stream().flatMapToDouble(t -> {
            double[] d = new double[t.segments()];
            for (int i = 0; i < d.length; i++) {
                d[i] = t.segmentSeconds(i);
            }
            return java.util.Arrays.stream(d);
        }).max().orElse(p.segmentSeconds());
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" profiles=\"").append(DASH_PROFILE)
                .append("\" type=\"static\" mediaPresentationDuration=\"").append(isoDuration(p.durationSeconds()))
                .append("\" maxSegmentDuration=\"").append(isoDuration(maxSegment))
                // Each @bandwidth is the peak segment's rate, so one segment of buffer is always enough.
                .append("\" minBufferTime=\"").append(isoDuration(maxSegment)).append("\">\n");
        x.append("  <Period id=\"0\" start=\"PT0S\">\n");
        List<StreamPresentation.Track> video = p.videoTracks();
        StreamPresentation.Track top = video.getFirst();
        x.append("    <AdaptationSet id=\"0\" contentType=\"video\" mimeType=\"video/mp4\" segmentAlignment=\"true\"")
                .append(" startWithSAP=\"1\" maxWidth=\"").append(video.stream().mapToInt(StreamPresentation.Track::width).max().orElse(0))
                .append("\" maxHeight=\"").append(video.stream().mapToInt(StreamPresentation.Track::height).max().orElse(0))
                .append('"');
        if (top.frameRate() != null) {
            x.append(" frameRate=\"").append(top.frameRate()).append('"');
        }
        x.append(">\n");
        for (StreamPresentation.Track v : video) {
            x.append("      <Representation id=\"").append(v.name()).append("\" codecs=\"").append(v.codecs())
                    .append("\" bandwidth=\"").append(v.peakBitsPerSecond()).append("\" width=\"").append(v.width())
                    .append("\" height=\"").append(v.height()).append("\" sar=\"1:1\">\n");
            segmentTemplate(x, v);
            x.append("      </Representation>\n");
        }
        x.append("    </AdaptationSet>\n");
        p.audio().ifPresent(a -> {
            x.append("    <AdaptationSet id=\"1\" contentType=\"audio\" mimeType=\"audio/mp4\" segmentAlignment=\"true\"")
                    .append(" startWithSAP=\"1\" lang=\"und\">\n");
            x.append("      <Representation id=\"").append(a.name()).append("\" codecs=\"").append(a.codecs())
                    .append("\" bandwidth=\"").append(a.peakBitsPerSecond()).append("\" audioSamplingRate=\"")
                    .append(a.sampleRate()).append("\">\n");
            x.append("        <AudioChannelConfiguration schemeIdUri=\"urn:mpeg:dash:23003:3:audio_channel_configuration:2011\"")
                    .append(" value=\"").append(a.channels()).append("\"/>\n");
            segmentTemplate(x, a);
            x.append("      </Representation>\n    </AdaptationSet>\n");
        });
        return x.append("  </Period>\n</MPD>\n").toString();
    }

    private static void segmentTemplate(StringBuilder x, StreamPresentation.Track t) {
        x.append("        <SegmentTemplate timescale=\"").append(t.timescale()).append("\" initialization=\"")
                .append(t.name()).append('/').append(INIT).append("\" media=\"").append(t.name())
                .append("/seg-$Number%05d$.m4s\" startNumber=\"1\">\n          <SegmentTimeline>\n");
        List<long[]> runs = new ArrayList<>(); // {duration, repeat}
        for (long d : t.segmentDurations()) {
            if (!runs.isEmpty() && runs.getLast()[0] == d) {
                runs.getLast()[1]++;
            } else {
                runs.add(new long[] {d, 0});
            }
        }
        boolean first = true;
        for (long[] run : runs) {
            x.append("            <S ").append(first ? "t=\"" + t.startTime() + "\" " : "").append("d=\"").append(run[0]).append('"');
            if (run[1] > 0) {
                x.append(" r=\"").append(run[1]).append('"');
            }
            x.append("/>\n");
            first = false;
        }
        x.append("          </SegmentTimeline>\n        </SegmentTemplate>\n");
    }

    static String isoDuration(double seconds) {
        return String.format(Locale.ROOT, "PT%.3fS", seconds);
    }

    private static double rate(String frameRate) {
        String[] parts = frameRate.split("/");
        return parts.length == 2 ? Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]) : Double.parseDouble(frameRate);
    }
}
