package io.edgeplane.media.video;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What ffmpeg's DASH muxer knows and we need: per representation (its stream index), the codecs
 * string, frame size, audio format and the exact segment timeline in the track's timescale. The
 * muxer's own MPD and playlists are not published (they carry wall-clock dates and numeric paths);
 * ours are rendered from this plus the files on disk.
 */
record MuxerMpd(double durationSeconds, List<Representation> representations) {

    record Representation(int index, boolean video, String codecs, int width, int height, String frameRate,
            int sampleRate, int channels, long timescale, long startTime, List<Long> durations) {
    }

    static MuxerMpd read(Path mpd) throws IOException {
        Document doc;
        try (InputStream in = Files.newInputStream(mpd)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            doc = builder.parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("ffmpeg's MPD " + mpd + " is not readable XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        double duration = seconds(root.getAttribute("mediaPresentationDuration"));
        List<Representation> reps = new ArrayList<>();
        NodeList sets = root.getElementsByTagNameNS("*", "AdaptationSet");
        for (int s = 0; s < sets.getLength(); s++) {
            Element set = (Element) sets.item(s);
            boolean video = "video".equals(set.getAttribute("contentType"));
            String frameRate = set.getAttribute("frameRate").isEmpty() ? null : set.getAttribute("frameRate");
            NodeList list = set.getElementsByTagNameNS("*", "Representation");
            for (int r = 0; r < list.getLength(); r++) {
                Element rep = (Element) list.item(r);
                Element template = (Element) rep.getElementsByTagNameNS("*", "SegmentTemplate").item(0);
                if (template == null) {
                    throw new IOException("representation " + rep.getAttribute("id") + " has no SegmentTemplate");
                }
                NodeList entries = template.getElementsByTagNameNS("*", "S");
                List<Long> durations = new ArrayList<>();
                long start = 0;
                for (int i = 0; i < entries.getLength(); i++) {
                    Element e = (Element) entries.item(i);
                    if (i == 0 && !e.getAttribute("t").isEmpty()) {
                        start = Long.parseLong(e.getAttribute("t"));
                    }
                    long d = Long.parseLong(e.getAttribute("d"));
                    int repeat = e.getAttribute("r").isEmpty() ? 0 : Integer.parseInt(e.getAttribute("r"));
                    for (int k = 0; k <= repeat; k++) {
                        durations.add(d);
                    }
                }
                Element channelConfig = (Element) rep.getElementsByTagNameNS("*", "AudioChannelConfiguration").item(0);
                reps.add(new Representation(Integer.parseInt(rep.getAttribute("id")), video, rep.getAttribute("codecs"),
                        intAttr(rep, "width"), intAttr(rep, "height"), frameRate, intAttr(rep, "audioSamplingRate"),
                        channelConfig == null ? 0 : Integer.parseInt(channelConfig.getAttribute("value")),
                        Long.parseLong(template.getAttribute("timescale")), start, List.copyOf(durations)));
            }
        }
        return new MuxerMpd(duration, List.copyOf(reps));
    }

    private static int intAttr(Element e, String name) {
        String v = e.getAttribute(name);
        return v.isEmpty() ? 0 : Integer.parseInt(v);
    }

    /** xs:duration as ffmpeg writes it: {@code PT1H2M3.5S}, {@code PT10.0S}. */
    static double seconds(String iso) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("P(?:(\\d+)D)?T?(?:(\\d+)H)?(?:(\\d+)M)?(?:([\\d.]+)S)?").matcher(iso);
        if (iso.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("mediaPresentationDuration '" + iso + "' is not an xs:duration");
        }
        double s = 0;
        s += m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 86400.0;
        s += m.group(2) == null ? 0 : Long.parseLong(m.group(2)) * 3600.0;
        s += m.group(3) == null ? 0 : Long.parseLong(m.group(3)) * 60.0;
        s += m.group(4) == null ? 0 : Double.parseDouble(m.group(4));
        return s;
    }
}
