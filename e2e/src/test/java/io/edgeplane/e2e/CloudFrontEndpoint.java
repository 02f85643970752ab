package io.edgeplane.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.edgeplane.invalidation.domain.CloudFrontFailure;
import io.edgeplane.invalidation.domain.CloudFrontInvalidations.InvalidationRecord;
import io.edgeplane.invalidation.domain.CloudFrontInvalidations.InvalidationSummary;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * CloudFront's invalidation API (REST-XML, 2020-05-31: CreateInvalidation, GetInvalidation,
 * ListInvalidations) served from the TEST JVM over HTTP, backed by the invalidation-service's own
 * {@link SimulatedCloudFront} (quotas, rate, CallerReference semantics, completion delay). The
 * invalidation-service runs with {@code adapter=aws} and its endpoint override pointing here, so
 * its production SDK adapter is exercised, and, like the real CloudFront, this state outlives a
 * {@code kill -9} of the service: what was billed, under which CallerReference, stays observable.
 *
 * <p>Faults at a set rate, changeable while running: Throttling (HTTP 400), ServiceUnavailable
 * (503), and timeouts, i.e. the invalidation IS created but the connection is dropped before the
 * response (the case only a deterministic CallerReference makes safe).
 */
public final class CloudFrontEndpoint implements AutoCloseable {
    private static final String NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
    private static final Pattern CREATE_OR_LIST = Pattern.compile("/2020-05-31/distribution/([^/]+)/invalidation/?");
    private static final Pattern GET = Pattern.compile("/2020-05-31/distribution/([^/]+)/invalidation/([^/?]+)");

    private final SimulatedCloudFront cloudFront;
    private final HttpServer server;
    private final Random random = new Random(7);
    private volatile double throttleRate;
    private volatile double serverErrorRate;
    private volatile double timeoutRate;
    private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();
    private final AtomicLong createCalls = new AtomicLong();
    private final AtomicLong rateThrottled = new AtomicLong();
    private final Arrivals arrivals = new Arrivals();
    private final Map<String, AtomicLong> attempts = new ConcurrentHashMap<>();

    public CloudFrontEndpoint(Duration completionDelay, double requestsPerSecond, int burst) {
        this.cloudFront = new SimulatedCloudFront(SimulatedCloudFront.Settings.realistic()
                .withCompletionDelay(completionDelay).withRate(requestsPerSecond, burst), Clock.systemUTC());
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

    public SimulatedCloudFront simulator() {
        return cloudFront;
    }

    /** Share of CreateInvalidation/GetInvalidation calls answered with Throttling, 503, or a dropped connection. */
    public void faults(double throttle, double serverError, double timeout) {
        this.throttleRate = throttle;
        this.serverErrorRate = serverError;
        this.timeoutRate = timeout;
    }

    /** Faults injected by this front so far, by kind. */
    public Map<String, Long> injected() {
        Map<String, Long> out = new java.util.TreeMap<>();
        injected.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** The most CreateInvalidation calls made for one CallerReference (retries of one batch). */
    public long maxAttemptsPerReference() {
        return attempts.values().stream().mapToLong(AtomicLong::get).max().orElse(0);
    }

    public long createCalls() {
        return createCalls.get();
    }

    /** Every request that reached the endpoint, from every client: what the account saw. */
    public long received() {
        return arrivals.count();
    }

    /** The most requests that arrived within any {@code window}. */
    public long maxRequestsIn(Duration window) {
        return arrivals.maxIn(window);
    }

    /** Requests answered Throttling because the account's rate was exceeded (not injected faults). */
    public long rateThrottled() {
        return rateThrottled.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        arrivals.record();
        // Not try-with-resources: that closes the exchange before a catch clause could answer with the error.
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Matcher get = GET.matcher(path);
            Matcher createOrList = CREATE_OR_LIST.matcher(path);
            if ("GET".equals(method) && get.matches()) {
                if (injectFault(exchange, false)) {
                    return;
                }
                reply(exchange, 200, invalidationXml(cloudFront.get(get.group(1), get.group(2))));
            } else if ("POST".equals(method) && createOrList.matches()) {
                createCalls.incrementAndGet();
                Document body = parse(exchange.getRequestBody().readAllBytes());
                String reference = text(body, "CallerReference");
                attempts.computeIfAbsent(reference, r -> new AtomicLong()).incrementAndGet();
                if (injectFault(exchange, true)) {
                    return;
                }
                List<String> paths = new ArrayList<>();
                NodeList nodes = body.getElementsByTagNameNS("*", "Path");
                for (int i = 0; i < nodes.getLength(); i++) {
                    paths.add(nodes.item(i).getTextContent());
                }
                InvalidationRecord created = create(createOrList.group(1), reference, paths);
                if (created == null) {
                    count("timeout");
                    return; // created, response lost: close without answering
                }
                exchange.getResponseHeaders().add("Location", endpoint() + path.replaceAll("/$", "") + "/" + created.id());
                reply(exchange, 201, invalidationXml(created));
            } else if ("GET".equals(method) && createOrList.matches()) {
                reply(exchange, 200, listXml(cloudFront.listSince(createOrList.group(1), Instant.EPOCH)));
            } else {
                error(exchange, 404, "Sender", "NoSuchResource", method + " " + path + " is not simulated");
            }
        } catch (CloudFrontFailure f) {
            if ("Throttling".equals(f.code())) {
                rateThrottled.incrementAndGet();
            }
            int status = f.status() == 0 ? 500 : f.status();
            error(exchange, status, status >= 500 ? "Receiver" : "Sender", f.code(), f.getMessage());
        } catch (RuntimeException e) {
            error(exchange, 500, "Receiver", "InternalError", String.valueOf(e));
        } finally {
            exchange.close();
        }
    }

    /** Creates; null when the response is to be lost (the invalidation exists nevertheless). */
    private synchronized InvalidationRecord create(String distributionId, String reference, List<String> paths) {
        boolean lose = timeoutRate > 0 && roll(timeoutRate);
        if (lose) {
            cloudFront.loseNextResponses(1);
        }
        try {
            InvalidationRecord created = cloudFront.create(distributionId, reference, paths);
            if (lose) {
                cloudFront.loseNextResponses(-1); // not consumed (an existing reference was answered)
            }
            return created;
        } catch (CloudFrontFailure f) {
            if (lose && "RequestTimeout".equals(f.code())) {
                return null;
            }
            if (lose) {
                cloudFront.loseNextResponses(-1);
            }
            throw f;
        }
    }

    private boolean injectFault(HttpExchange exchange, boolean create) throws IOException {
        if (throttleRate > 0 && roll(throttleRate)) {
            count("throttling");
            error(exchange, 400, "Sender", "Throttling", "Rate exceeded");
            return true;
        }
        if (serverErrorRate > 0 && roll(serverErrorRate)) {
            count("5xx");
            error(exchange, 503, "Receiver", "ServiceUnavailable", "Service unavailable, retry later");
            return true;
        }
        if (!create && timeoutRate > 0 && roll(timeoutRate)) {
            count("timeout");
            return true; // no answer at all
        }
        return false;
    }

    private synchronized boolean roll(double rate) {
        return random.nextDouble() < rate;
    }

    private void count(String kind) {
        injected.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    private static String invalidationXml(InvalidationRecord r) {
        StringBuilder items = new StringBuilder();
        r.items().forEach(p -> items.append("<Path>").append(escape(p)).append("</Path>"));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Invalidation xmlns=\"" + NS + "\"><Id>" + r.id() + "</Id><Status>"
                + r.status() + "</Status><CreateTime>" + r.createTime() + "</CreateTime><InvalidationBatch><Paths><Quantity>"
                + r.items().size() + "</Quantity><Items>" + items + "</Items></Paths><CallerReference>"
                + escape(r.callerReference()) + "</CallerReference></InvalidationBatch></Invalidation>";
    }

    private static String listXml(List<InvalidationSummary> summaries) {
        StringBuilder items = new StringBuilder();
        summaries.forEach(s -> items.append("<InvalidationSummary><Id>").append(s.id()).append("</Id><CreateTime>")
                .append(s.createTime()).append("</CreateTime><Status>").append(s.status())
                .append("</Status></InvalidationSummary>"));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><InvalidationList xmlns=\"" + NS + "\"><Marker></Marker>"
                + "<MaxItems>" + Math.max(100, summaries.size()) + "</MaxItems><IsTruncated>false</IsTruncated><Quantity>"
                + summaries.size() + "</Quantity><Items>" + items + "</Items></InvalidationList>";
    }

    private static void error(HttpExchange exchange, int status, String type, String code, String message)
            throws IOException {
        reply(exchange, status, "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"" + NS + "\"><Error><Type>" + type
                + "</Type><Code>" + code + "</Code><Message>" + escape(message) + "</Message></Error><RequestId>"
                + java.util.UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }

    private static void reply(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amz-request-id", java.util.UUID.randomUUID().toString());
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
            throw new CloudFrontFailure("MalformedInput", 400, false, "cannot parse the request body: " + e.getMessage());
        }
    }

    private static String text(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagNameNS("*", tag);
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
