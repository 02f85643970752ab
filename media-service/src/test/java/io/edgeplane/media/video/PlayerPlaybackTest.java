package io.edgeplane.media.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.edgeplane.media.domain.HlsRung;
import io.edgeplane.media.domain.PackagedVideo;
import io.edgeplane.media.domain.VideoLimits;
import io.edgeplane.media.domain.VideoSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CMAF ladder played by the clients viewers use: hls.js (master.m3u8), dash.js (manifest.mpd) and Shaka (both),
 * in Debian's headless Chromium, driven by src/test/players/runner.js (puppeteer-core). Each player must play past
 * 2 s without an error event, list both rungs, and show both heights on the video element when each rung is forced.
 */
class PlayerPlaybackTest {
    private static final Path PLAYERS = Path.of("src/test/players").toAbsolutePath();
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            ".m3u8", "application/vnd.apple.mpegurl",
            ".mpd", "application/dash+xml",
            ".m4s", "video/iso.segment",
            ".mp4", "video/mp4");
    // Two rungs of distinct height from a 16:9 source (the muxer needs one aspect ratio per adaptation set); 20 s
    // leaves room to play 2 s and then force both rungs before the end.
    private static final VideoSettings SETTINGS = new VideoSettings(HlsRung.parseList("360p:360:800,180p:180:200"), 4,
            "ultrafast", 2, 64, 320, 1.0, 10.0, Duration.ofMinutes(2), new VideoLimits(Duration.ofMinutes(10), 1920L * 1080));

    @TempDir
    static Path dir;
    static PackagedVideo packaged;

    // Per test, not @BeforeAll: a skip there reports no test at all, and the reason would be lost.
    @BeforeEach
    void toolsAndLadder() {
        requireTools();
        if (packaged == null) {
            packaged = makeLadder();
        }
    }

    private static PackagedVideo makeLadder() {
        FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
        FfmpegTranscoder transcoder = new FfmpegTranscoder(ffmpeg);
        Path source = TestVideos.mp4(ffmpeg, dir.resolve("source.mp4"), 20, 640, 360, true);
        PackagedVideo ladder = transcoder.packageStreams(source, transcoder.probe(source), SETTINGS, dir.resolve("work"), p -> {
        });
        assertThat(ladder.renditions()).extracting(PackagedVideo.Rung::name).containsExactly("360p", "180p");
        return ladder;
    }

    @Test
    void aLadderWithABrokenRungFailsEveryPlayer() throws Exception {
        // The bottom rung's CMAF header cut short: each player meets it when that rung is forced.
        Path spoilt = copy(packaged.streamRoot(), dir.resolve("spoilt"));
        Path init = spoilt.resolve("180p/init.mp4");
        Files.write(init, Arrays.copyOf(Files.readAllBytes(init), 200));

        Run run = play(spoilt);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.lines()).as(run.output()).filteredOn(l -> l.startsWith("FAIL ")).hasSize(4)
                .allMatch(l -> l.contains("error"));
    }

    @Test
    void ladderPlaysInHlsJsDashJsAndShakaInHeadlessChromium() throws Exception {
        Run run = play(packaged.streamRoot());

        if (run.exitCode() == 2 && run.output().contains("BLOCKED on codecs")) {
            fail("Debian's chromium cannot decode H.264/AAC via MediaSource, so the ladder cannot be played "
                    + "(blocked on codecs, not a player result):\n" + run.output());
        }
        assertThat(run.exitCode()).as("runner.js exit code; its output:\n" + run.output()).isZero();
        assertThat(run.lines()).as(run.output()).filteredOn(l -> l.startsWith("ok ")).hasSize(4);
        // What the server saw, independent of the browser's account: segments of both rungs and of the audio.
        for (String track : List.of("360p", "180p", "audio")) {
            assertThat(run.served()).as("segments of " + track + " requested; served: " + run.served())
                    .anyMatch(p -> p.startsWith(track + "/seg-"));
        }
    }

    private record Run(int exitCode, List<String> lines, String output, Set<String> served) {
    }

    /** Serves {@code root} on 127.0.0.1 and runs runner.js (all four player cases) against it. */
    private static Run play(Path root) throws Exception {
        Set<String> served = ConcurrentHashMap.newKeySet();
        HttpServer server = serve(root, served);
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            List<String> lines = new CopyOnWriteArrayList<>();
            ChildProcess.Result result = ChildProcess.run(new ProcessBuilder("node", "runner.js", base).directory(PLAYERS.toFile()),
                    Duration.ofMinutes(4), lines::add, false);
            String output = String.join("\n", lines) + (result.stderrTail().isEmpty() ? "" : "\nstderr:\n" + result.stderrTail());
            System.out.println(output);
            return new Run(result.exitCode(), List.copyOf(lines), output, served);
        } finally {
            server.stop(0);
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    /** CI (CI=true) must have node, chromium and the pinned players installed by .ci/run; a laptop may lack them. */
    private static void requireTools() {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("node", "chromium")) {
            if (onPath(tool).isEmpty()) {
                missing.add(tool + " (not on PATH)");
            }
        }
        if (!Files.isDirectory(PLAYERS.resolve("node_modules/puppeteer-core"))) {
            missing.add("the players' npm packages (npm install --prefix media-service/src/test/players)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "player playback test needs " + String.join(", ", missing)
                + "; Debian: apt-get install chromium nodejs npm";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message + " (skipped because CI is not true)");
    }

    private static Optional<Path> onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String d : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(d).resolve(program);
            if (!d.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A CDN stand-in: the stream folder with the content types a CDN would send, and CORS for players on other origins. */
    private static HttpServer serve(Path root, Set<String> served) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
                String rel = exchange.getRequestURI().getPath().replaceFirst("^/+", "");
                Path file = root.resolve(rel).normalize();
                String type = CONTENT_TYPES.get(rel.contains(".") ? rel.substring(rel.lastIndexOf('.')) : "");
                if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                    exchange.sendResponseHeaders(405, -1);
                } else if (!file.startsWith(root) || type == null || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    send(exchange, file, type);
                    served.add(rel);
                }
            }
        });
        // Players fetch audio and video in parallel; one dispatcher thread would serialise them.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return server;
    }

    private static void send(HttpExchange exchange, Path file, String type) throws IOException {
        byte[] body = Files.readAllBytes(file);
        exchange.getResponseHeaders().add("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
