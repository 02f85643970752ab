package io.edgeplane.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The essentials of ISO/IEC 23009-1 a player relies on, checked on a static MPD read as plain XML
 * (independently of the code that wrote it): namespace, profiles, type, durations, and per
 * representation the codecs, bandwidth, size and a SegmentTemplate + SegmentTimeline, expanded to the
 * file names and durations of its segments.
 */
public final class DashEssentials {
    public static final String NS = "urn:mpeg:dash:schema:mpd:2011";
    private static final Pattern DURATION = Pattern.compile("PT(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?");
    private static final Pattern NUMBER = Pattern.compile("\\$Number(?:%0(\\d+)d)?\\$");

    public record Representation(String id, String contentType, String codecs, long bandwidth, int width, int height,
            String initialization, List<String> segmentFiles, List<Double> segmentSeconds) {
    }

    private DashEssentials() {
    }

    public static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Checks the MPD and returns its representations by id. */
    public static Map<String, Representation> check(Document doc, double expectedSeconds) {
        Element mpd = doc.getDocumentElement();
        assertThat(mpd.getLocalName()).isEqualTo("MPD");
        assertThat(mpd.getNamespaceURI()).isEqualTo(NS);
        assertThat(List.of(mpd.getAttribute("profiles").split(",")))
                .containsAnyOf("urn:mpeg:dash:profile:isoff-live:2011", "urn:mpeg:dash:profile:cmaf:2019");
        assertThat(mpd.getAttribute("type")).isEqualTo("static");
        double total = seconds(mpd.getAttribute("mediaPresentationDuration"));
        assertThat(total).isCloseTo(expectedSeconds, within(0.15));
        assertThat(seconds(mpd.getAttribute("minBufferTime"))).isPositive();
        List<Element> periods = children(mpd, "Period");
        assertThat(periods).hasSize(1);
        Map<String, Representation> out = new LinkedHashMap<>();
        for (Element set : children(periods.getFirst(), "AdaptationSet")) {
            String contentType = set.getAttribute("contentType");
            assertThat(contentType).isIn("video", "audio");
            assertThat(set.getAttribute("mimeType")).isEqualTo(contentType + "/mp4");
            for (Element rep : children(set, "Representation")) {
                String id = rep.getAttribute("id");
                assertThat(id).as("Representation@id").matches("[A-Za-z0-9_-]+");
                String codecs = rep.getAttribute("codecs");
                assertThat(codecs).as(id + " codecs").matches(contentType.equals("video") ? "avc1\\.[0-9a-fA-F]{6}" : "mp4a\\.40\\.\\d+");
                long bandwidth = Long.parseLong(rep.getAttribute("bandwidth"));
                assertThat(bandwidth).as(id + " bandwidth").isPositive();
                int width = rep.getAttribute("width").isEmpty() ? 0 : Integer.parseInt(rep.getAttribute("width"));
                int height = rep.getAttribute("height").isEmpty() ? 0 : Integer.parseInt(rep.getAttribute("height"));
                if (contentType.equals("video")) {
                    assertThat(width).isPositive();
                    assertThat(height).isPositive();
                }
                List<Element> templates = children(rep, "SegmentTemplate");
                if (templates.isEmpty()) {
                    templates = children(set, "SegmentTemplate");
                }
                assertThat(templates).as(id + " SegmentTemplate").hasSize(1);
                Element template = templates.getFirst();
                long timescale = Long.parseLong(template.getAttribute("timescale"));
                int start = template.getAttribute("startNumber").isEmpty() ? 1 : Integer.parseInt(template.getAttribute("startNumber"));
                String media = template.getAttribute("media").replace("$RepresentationID$", id);
                String init = template.getAttribute("initialization").replace("$RepresentationID$", id);
                Matcher number = NUMBER.matcher(media);
                assertThat(number.find()).as(id + " media template has $Number$").isTrue();
                List<Element> timelines = children(template, "SegmentTimeline");
                assertThat(timelines).as(id + " SegmentTimeline").hasSize(1);
                List<Double> durations = new ArrayList<>();
                for (Element s : children(timelines.getFirst(), "S")) {
                    long d = Long.parseLong(s.getAttribute("d"));
                    int r = s.getAttribute("r").isEmpty() ? 0 : Integer.parseInt(s.getAttribute("r"));
                    assertThat(r).as("open-ended r=-1 is not for static MPDs").isNotNegative();
                    for (int k = 0; k <= r; k++) {
                        durations.add((double) d / timescale);
                    }
                }
                assertThat(durations.stream().mapToDouble(Double::doubleValue).sum()).as(id + " timeline vs duration")
                        .isCloseTo(total, within(0.15));
                List<String> files = new ArrayList<>();
                for (int i = 0; i < durations.size(); i++) {
                    String n = String.valueOf(start + i);
                    if (number.group(1) != null) {
                        n = "0".repeat(Math.max(0, Integer.parseInt(number.group(1)) - n.length())) + n;
                    }
                    files.add(number.replaceFirst(Matcher.quoteReplacement(n)));
                }
                assertThat(out.put(id, new Representation(id, contentType, codecs, bandwidth, width, height, init,
                        List.copyOf(files), List.copyOf(durations)))).as("duplicate Representation@id " + id).isNull();
            }
        }
        return out;
    }

    private static double seconds(String iso) {
        Matcher m = DURATION.matcher(iso);
        assertThat(m.matches()).as("xs:duration '" + iso + "'").isTrue();
        return (m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 3600.0)
                + (m.group(2) == null ? 0 : Long.parseLong(m.group(2)) * 60.0)
                + (m.group(3) == null ? 0 : Double.parseDouble(m.group(3)));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && NS.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }
}
