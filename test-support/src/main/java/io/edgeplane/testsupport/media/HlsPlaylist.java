package io.edgeplane.testsupport.media;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict-enough reader of HLS playlists (RFC 8216) for tests: a master playlist's variants or a
 * media playlist's segments, failing on what a player would reject.
 */
public final class HlsPlaylist {
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Z0-9-]+)=(\"[^\"]*\"|[^,]*)");

    /** A variant stream of a master playlist. */
    public record Variant(String uri, long bandwidth, int width, int height, String codecs) {
    }

    /** A media segment and its declared duration. */
    public record Segment(String uri, double durationSeconds) {
    }

    /** A media playlist. */
    public record Media(int targetDuration, String playlistType, boolean endList, List<Segment> segments,
            boolean independentSegments) {
        public double totalSeconds() {
            return segments.stream().mapToDouble(Segment::durationSeconds).sum();
        }
    }

    private HlsPlaylist() {
    }

    public static List<Variant> parseMaster(String text) {
        List<String> lines = lines(text);
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#EXT-X-STREAM-INF:")) {
                Map<String, String> attrs = attributes(line.substring("#EXT-X-STREAM-INF:".length()));
                if (i + 1 >= lines.size() || lines.get(i + 1).startsWith("#")) {
                    throw new IllegalArgumentException("EXT-X-STREAM-INF without a URI line");
                }
                String resolution = attrs.getOrDefault("RESOLUTION", "0x0");
                String[] wh = resolution.split("x");
                if (!attrs.containsKey("BANDWIDTH")) {
                    throw new IllegalArgumentException("variant without BANDWIDTH: " + line);
                }
                variants.add(new Variant(lines.get(i + 1), Long.parseLong(attrs.get("BANDWIDTH")),
                        Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), attrs.get("CODECS")));
            }
        }
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("master playlist without variants");
        }
        return variants;
    }

    public static Media parseMedia(String text) {
        List<String> lines = lines(text);
        Integer target = null;
        String type = null;
        boolean end = false;
        boolean independent = false;
        List<Segment> segments = new ArrayList<>();
        Double pending = null;
        for (String line : lines) {
            if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                target = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            } else if (line.startsWith("#EXT-X-PLAYLIST-TYPE:")) {
                type = line.substring(line.indexOf(':') + 1).trim();
            } else if (line.equals("#EXT-X-ENDLIST")) {
                end = true;
            } else if (line.equals("#EXT-X-INDEPENDENT-SEGMENTS")) {
                independent = true;
            } else if (line.startsWith("#EXTINF:")) {
                String value = line.substring("#EXTINF:".length());
                pending = Double.parseDouble(value.contains(",") ? value.substring(0, value.indexOf(',')) : value);
            } else if (!line.startsWith("#")) {
                if (pending == null) {
                    throw new IllegalArgumentException("segment URI without EXTINF: " + line);
                }
                segments.add(new Segment(line, pending));
                pending = null;
            }
        }
        if (target == null) {
            throw new IllegalArgumentException("media playlist without EXT-X-TARGETDURATION");
        }
        for (Segment s : segments) {
            // RFC 8216 4.3.3.1: each EXTINF rounded to an integer must not exceed the target duration.
            if (Math.round(s.durationSeconds()) > target) {
                throw new IllegalArgumentException("segment " + s.uri() + " lasts " + s.durationSeconds()
                        + " s, over the target duration " + target);
            }
        }
        return new Media(target, type, end, List.copyOf(segments), independent);
    }

    private static List<String> lines(String text) {
        List<String> lines = text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty() || !lines.getFirst().equals("#EXTM3U")) {
            throw new IllegalArgumentException("not a playlist: first line must be #EXTM3U");
        }
        return lines;
    }

    private static Map<String, String> attributes(String list) {
        Map<String, String> attrs = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(list);
        while (m.find()) {
            String v = m.group(2);
            attrs.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        return attrs;
    }
}
