package io.edgeplane.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.edgeplane.dns.domain.AliasTarget;
import io.edgeplane.dns.domain.Change;
import io.edgeplane.dns.domain.ChangeAction;
import io.edgeplane.dns.domain.ChangeBatch;
import io.edgeplane.dns.domain.ChangeGroup;
import io.edgeplane.dns.domain.ChangeStatus;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.DnsNames;
import io.edgeplane.dns.domain.RecordKey;
import io.edgeplane.dns.domain.RecordPage;
import io.edgeplane.dns.domain.RecordSet;
import io.edgeplane.dns.domain.RecordType;
import io.edgeplane.dns.service.Clock;
import io.edgeplane.dns.simulated.SimulatedRoute53;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Route 53's API (REST-XML, 2013-04-01: ChangeResourceRecordSets, GetChange, ListResourceRecordSets,
 * GetHostedZone, GetHostedZoneLimit) served from the TEST JVM over HTTP and backed by the dns-service's own
 * {@link SimulatedRoute53}: one account whose 5 requests/s, zone quotas and batch limits every dns-service process
 * of a test shares, as replicas share a real account. The services run with {@code adapter=aws} and their
 * endpoint override pointing here, so the production SDK adapter is exercised; each Throttling answer is counted
 * by the simulator ({@code rateThrottled}).
 */
public final class Route53Endpoint implements AutoCloseable {
    private static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";
    private static final Pattern CHANGE_RRSETS = Pattern.compile("/2013-04-01/hostedzone/([^/]+)/rrset/?");
    private static final Pattern GET_CHANGE = Pattern.compile("/2013-04-01/change/([^/]+)");
    private static final Pattern GET_ZONE = Pattern.compile("/2013-04-01/hostedzone/([^/]+)");
    private static final Pattern ZONE_LIMIT = Pattern.compile("/2013-04-01/hostedzonelimit/([^/]+)/([A-Z_]+)");

    private final SimulatedRoute53 route53;
    private final HttpServer server;
    private final Map<String, String> apexes = new HashMap<>();
    private final Arrivals arrivals = new Arrivals();

    public Route53Endpoint(SimulatedRoute53.Settings settings) {
        this.route53 = new SimulatedRoute53(Clock.SYSTEM, settings);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public SimulatedRoute53 simulator() {
        return route53;
    }

    public synchronized void createZone(String zoneId, String apex) {
        route53.createZone(zoneId, apex);
        apexes.put(zoneId, DnsNames.normalize(apex));
    }

    /** The most requests that arrived within any {@code window}, over all clients: what the account saw. */
    public long maxRequestsIn(java.time.Duration window) {
        return arrivals.maxIn(window);
    }

    /** Every request that reached the endpoint. */
    public long received() {
        return arrivals.count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        arrivals.record();
        // Not try-with-resources: that closes the exchange before a catch clause could answer with the error.
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Matcher m;
            if ("POST".equals(method) && (m = CHANGE_RRSETS.matcher(path)).matches()) {
                Document body = parse(exchange.getRequestBody().readAllBytes());
                String id = route53.submit(m.group(1), batch(body), text(body.getDocumentElement(), "Comment"));
                reply(exchange, 200, "<ChangeResourceRecordSetsResponse xmlns=\"" + NS + "\">" + changeInfo(id, "PENDING")
                        + "</ChangeResourceRecordSetsResponse>");
            } else if ("GET".equals(method) && (m = GET_CHANGE.matcher(path)).matches()) {
                ChangeStatus status = route53.status(m.group(1));
                reply(exchange, 200, "<GetChangeResponse xmlns=\"" + NS + "\">" + changeInfo("/change/" + m.group(1),
                        status.name()) + "</GetChangeResponse>");
            } else if ("GET".equals(method) && (m = CHANGE_RRSETS.matcher(path)).matches()) {
                Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
                RecordKey start = query.containsKey("name")
                        ? new RecordKey(DnsNames.normalize(query.get("name")),
                                RecordType.valueOf(query.getOrDefault("type", "A")))
                        : null;
                int max = Integer.parseInt(query.getOrDefault("maxitems", "300"));
                reply(exchange, 200, listXml(route53.list(m.group(1), start, max), max));
            } else if ("GET".equals(method) && (m = ZONE_LIMIT.matcher(path)).matches()) {
                // Each of the two reads is one request against the account, as in Route 53.
                long limit = route53.recordSetLimit(m.group(1));
                reply(exchange, 200, "<GetHostedZoneLimitResponse xmlns=\"" + NS + "\"><Limit><Type>" + m.group(2)
                        + "</Type><Value>" + limit + "</Value></Limit><Count>" + route53.records(m.group(1)).size()
                        + "</Count></GetHostedZoneLimitResponse>");
            } else if ("GET".equals(method) && (m = GET_ZONE.matcher(path)).matches()) {
                String zoneId = m.group(1);
                long count = route53.recordSetCount(zoneId);
                reply(exchange, 200, "<GetHostedZoneResponse xmlns=\"" + NS + "\"><HostedZone><Id>/hostedzone/" + zoneId
                        + "</Id><Name>" + apex(zoneId) + ".</Name><CallerReference>edgeplane-e2e</CallerReference>"
                        + "<Config><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>" + count
                        + "</ResourceRecordSetCount></HostedZone><DelegationSet><NameServers><NameServer>"
                        + "ns-1.awsdns-00.com</NameServer></NameServers></DelegationSet></GetHostedZoneResponse>");
            } else {
                error(exchange, 404, "NoSuchResource", List.of(method + " " + path + " is not simulated"));
            }
        } catch (DnsApiException e) {
            int status = switch (e.code()) {
                case "NoSuchHostedZone", "NoSuchChange" -> 404;
                case "AccessDenied" -> 403;
                default -> 400;
            };
            error(exchange, status, e.code(), e.messages());
        } catch (RuntimeException e) {
            error(exchange, 500, "InternalError", List.of(String.valueOf(e)));
        } finally {
            exchange.close();
        }
    }

    private synchronized String apex(String zoneId) {
        return apexes.getOrDefault(zoneId, "unknown");
    }

    /** One group per change: the simulator validates changes, the service's writer owns the grouping. */
    private static ChangeBatch batch(Document body) {
        List<ChangeGroup> groups = new ArrayList<>();
        NodeList changes = body.getElementsByTagNameNS("*", "Change");
        for (int i = 0; i < changes.getLength(); i++) {
            Element change = (Element) changes.item(i);
            Element rrs = (Element) change.getElementsByTagNameNS("*", "ResourceRecordSet").item(0);
            String name = DnsNames.normalize(text(rrs, "Name"));
            RecordType type = RecordType.valueOf(text(rrs, "Type"));
            RecordSet record;
            NodeList alias = rrs.getElementsByTagNameNS("*", "AliasTarget");
            if (alias.getLength() > 0) {
                Element a = (Element) alias.item(0);
                record = RecordSet.alias(name, type, new AliasTarget(text(a, "HostedZoneId"),
                        DnsNames.normalize(text(a, "DNSName")), Boolean.parseBoolean(text(a, "EvaluateTargetHealth"))));
            } else {
                List<String> values = new ArrayList<>();
                NodeList nodes = rrs.getElementsByTagNameNS("*", "Value");
                for (int v = 0; v < nodes.getLength(); v++) {
                    values.add(nodes.item(v).getTextContent());
                }
                record = new RecordSet(name, type, Long.parseLong(text(rrs, "TTL")), values, null);
            }
            groups.add(new ChangeGroup(name, List.of(new Change(ChangeAction.valueOf(text(change, "Action")), record))));
        }
        return new ChangeBatch(groups);
    }

    private static String changeInfo(String id, String status) {
        return "<ChangeInfo><Id>" + id + "</Id><Status>" + status + "</Status><SubmittedAt>" + Instant.now()
                + "</SubmittedAt></ChangeInfo>";
    }

    private static String listXml(RecordPage page, int max) {
        StringBuilder out = new StringBuilder("<ListResourceRecordSetsResponse xmlns=\"" + NS + "\"><ResourceRecordSets>");
        for (RecordSet r : page.records()) {
            out.append("<ResourceRecordSet><Name>").append(wire(r.name())).append("</Name><Type>").append(r.type())
                    .append("</Type>");
            if (r.isAlias()) {
                out.append("<AliasTarget><HostedZoneId>").append(r.alias().hostedZoneId()).append("</HostedZoneId><DNSName>")
                        .append(r.alias().dnsName()).append(".</DNSName><EvaluateTargetHealth>")
                        .append(r.alias().evaluateTargetHealth()).append("</EvaluateTargetHealth></AliasTarget>");
            } else {
                out.append("<TTL>").append(r.ttl()).append("</TTL><ResourceRecords>");
                r.values().forEach(v -> out.append("<ResourceRecord><Value>").append(escape(v))
                        .append("</Value></ResourceRecord>"));
                out.append("</ResourceRecords>");
            }
            out.append("</ResourceRecordSet>");
        }
        out.append("</ResourceRecordSets><IsTruncated>").append(page.truncated()).append("</IsTruncated>");
        if (page.truncated()) {
            out.append("<NextRecordName>").append(wire(page.next().name())).append("</NextRecordName><NextRecordType>")
                    .append(page.next().type()).append("</NextRecordType>");
        }
        return out.append("<MaxItems>").append(max).append("</MaxItems></ListResourceRecordSetsResponse>").toString();
    }

    /** As Route 53 lists names: fully qualified, a wildcard's '*' as the octal escape \052. */
    private static String wire(String name) {
        return name.replace("*", "\\052") + ".";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void error(HttpExchange exchange, int status, String code, List<String> messages) throws IOException {
        String message = messages.size() == 1 ? messages.getFirst() : messages.toString();
        reply(exchange, status, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + escape(message) + "</Message></Error><RequestId>" + java.util.UUID.randomUUID()
                + "</RequestId></ErrorResponse>");
    }

    private static void reply(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + xml).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new DnsApiException("InvalidInput", "cannot parse the request body: " + e.getMessage(), false);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagNameNS("*", tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
