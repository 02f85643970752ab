package io.edgeplane.distributor.aws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw socket in front of the real S3 endpoint: answers the first requests with canned replies (what the local
 * endpoint's HTTP layer answered under load, or a real refusal), then relays every further request byte for byte
 * (the signature covers Host, which is kept; only the unsigned Connection header is set to close).
 */
final class FlakyFront implements AutoCloseable {
    /** S3Proxy's rendering of a 400 from its HTTP server (S3ErrorHandler): a code, no cause. */
    static final String BARE_INVALID_REQUEST = xml("InvalidRequest", "Bad Request");
    /** A 400 that is not an S3 error document at all. */
    static final String CODELESS = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: 50\r\n"
            + "Connection: close\r\n\r\n<html><body><h1>400 Bad Request</h1></body></html>";

    private final ServerSocket server;
    private final URI target;
    private final ConcurrentLinkedQueue<String> canned;
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread loop;

    FlakyFront(URI target, List<String> canned) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.canned = new ConcurrentLinkedQueue<>(canned);
        this.loop = Thread.ofVirtual().start(this::serve);
    }

    static String xml(String code, String message) {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>";
        return "HTTP/1.1 400 Bad Request\r\nContent-Type: application/xml;charset=utf-8\r\nx-amz-request-id: 4442587FB7D0A2F9\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    int requests() {
        return requests.get();
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> answer(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.write(b);
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1);
            requests.incrementAndGet();
            String reply = canned.poll();
            if (reply != null) {
                // Like the endpoint's error handler: answer without reading a body, and close.
                client.getOutputStream().write(reply.getBytes(StandardCharsets.UTF_8));
                return;
            }
            long length = headers.lines().filter(l -> l.regionMatches(true, 0, "content-length:", 0, 15))
                    .mapToLong(l -> Long.parseLong(l.substring(15).strip())).findFirst().orElse(0);
            String relayed = headers.replaceAll("(?im)^connection:.*\r\n", "").replaceFirst("\r\n\r\n$", "\r\nConnection: close\r\n\r\n");
            if (headers.toLowerCase().contains("expect: 100-continue")) {
                client.getOutputStream().write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                relayed = relayed.replaceAll("(?im)^expect:.*\r\n", "");
            }
            try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
                upstream.getOutputStream().write(relayed.getBytes(StandardCharsets.ISO_8859_1));
                upstream.getOutputStream().write(in.readNBytes((int) length));
                upstream.getOutputStream().flush();
                upstream.getInputStream().transferTo(client.getOutputStream());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        loop.interrupt();
    }
}
