package io.edgeplane.bench.local;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Capacity of the local S3 endpoint: writes N small objects (a fleet of 10,000-file builds, 200-2,000 bytes
 * each), lists them all with continuation tokens and with a delimiter, and samples the endpoint's RSS from
 * /proc/&lt;pid&gt;/status throughout; its peak (VmHWM) must stay at or below the limit. Exits 1 otherwise.
 *
 * <p>Run: {@code ./edgeplane up --s3-only && local/bench.sh S3Capacity --objects 200000; ./edgeplane down}
 */
public final class S3Capacity {
    private static final String BUCKET = "edgeplane-source";
    private static final int FILES_PER_BUILD = 10_000;

    public static void main(String[] args) throws Exception {
        int objects = 200_000;
        int threads = 8;
        long limitMib = 300;
        long maxSeconds = Long.MAX_VALUE / 2_000_000_000L;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--objects" -> objects = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--limit-mib" -> limitMib = Long.parseLong(args[i + 1]);
                case "--max-write-seconds" -> maxSeconds = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.exit(new S3Capacity().run(objects, threads, limitMib, maxSeconds));
    }

    private int run(int requested, int threads, long limitMib, long maxSeconds) throws Exception {
        LocalEndpoint local = new LocalEndpoint();
        if (local.pid().isEmpty()) {
            throw new IllegalStateException("no .edgeplane/pids/s3: start the endpoint with ./edgeplane up --s3-only");
        }
        long startRss = local.statusMib("VmRSS");
        AtomicLong sampledPeak = new AtomicLong(startRss);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> sampledPeak.accumulateAndGet(local.statusMib("VmRSS"), Math::max), 0, 500,
                TimeUnit.MILLISECONDS);
        long bytes;
        double writeSeconds;
        try (S3Client s3 = local.bulkClient()) {
            long t0 = System.nanoTime();
            long[] writtenAndBytes = writeAll(s3, requested, threads, t0 + maxSeconds * 1_000_000_000L);
            int objects = (int) writtenAndBytes[0];
            bytes = writtenAndBytes[1];
            writeSeconds = (System.nanoTime() - t0) / 1e9;
            TreeSet<String> keys = new TreeSet<>(Listings::compareUtf8);
            for (int i = 0; i < objects; i++) {
                keys.add(key(i));
            }
            long rssAfterWrite = local.statusMib("VmRSS");
            System.out.printf("wrote %,d objects (%,d bytes) in %.0f s; endpoint RSS %d MiB%n", objects, bytes, writeSeconds,
                    rssAfterWrite);

            String loadBefore = LocalEndpoint.loadAverage();
            long t1 = System.nanoTime();
            Listings.resetSlowest();
            int pages = Listings.verifyFlat(s3, BUCKET, "fleet/", 1000, keys);
            double flatSeconds = (System.nanoTime() - t1) / 1e9;
            double flatSlowest = Listings.slowestPageMillis();
            long rssAfterList = local.statusMib("VmRSS");
            System.out.printf("flat listing: %,d keys in %d pages, %.1f s, slowest page %.0f ms%n", keys.size(), pages,
                    flatSeconds, flatSlowest);
            Listings.resetSlowest();

            int builds = (objects + FILES_PER_BUILD - 1) / FILES_PER_BUILD;
            List<String> buildPrefixes = new ArrayList<>();
            for (int b = 0; b < builds; b++) {
                buildPrefixes.add("fleet/build-%03d/".formatted(b));
            }
            long t2 = System.nanoTime();
            int delimitedPages = Listings.verifyDelimited(s3, BUCKET, "fleet/", 7, buildPrefixes, List.of());
            String build0 = "fleet/build-000/";
            List<String> dirs = keys.stream().filter(k -> k.startsWith(build0))
                    .map(k -> k.substring(0, k.indexOf('/', build0.length()) + 1)).distinct().toList();
            delimitedPages += Listings.verifyDelimited(s3, BUCKET, build0, 250, dirs, List.of());
            double delimitedSeconds = (System.nanoTime() - t2) / 1e9;
            double delimitedSlowest = Listings.slowestPageMillis();
            String loadAfter = LocalEndpoint.loadAverage();
            System.out.printf("delimited listings: %d pages, %.1f s, slowest page %.0f ms%n", delimitedPages, delimitedSeconds,
                    delimitedSlowest);

            sampler.shutdown();
            long hwm = local.statusMib("VmHWM");
            long rss = local.statusMib("VmRSS");
            long[] disk = local.onDisk();
            boolean ok = hwm >= 0 && hwm <= limitMib;
            String md = """
                    # Local S3 endpoint capacity

                    `local/bench.sh S3Capacity --objects %d --threads %d%s` against `./edgeplane up --s3-only` (`%s`,
                    heap `EDGEPLANE_S3_HEAP` default 96m), %s. Objects are a fleet of 10,000-file builds
                    (`fleet/build-NNN/dir-NNN/file-NNNNN.html`, 200-2,000 bytes), written by %d threads through the
                    services' client configuration (path style, UrlConnection, checksums WHEN_REQUIRED; without
                    `Expect: 100-continue`, see local-s3-conformance.md), then listed.

                    | figure | value |
                    |---|---|
                    | objects written | %,d (%,d bytes of payload) |
                    | write time | %.0f s (%.0f objects/s) |
                    | flat ListObjectsV2 of `fleet/` (1,000 a page, continuation tokens), every key checked in order | %d pages, %.1f s (%.0f ms a page on average, slowest %.0f ms) |
                    | delimited listings (`fleet/` 7 a page → %d build prefixes; one build 250 a page → %d dirs) | %d pages, %.1f s (slowest page %.0f ms) |
                    | load average (1, 5, 15 min) before / after the listings | %s / %s |
                    | endpoint RSS at start | %d MiB |
                    | endpoint RSS after writing | %d MiB |
                    | endpoint RSS after the flat listing | %d MiB |
                    | endpoint RSS at the end | %d MiB |
                    | endpoint **peak RSS (VmHWM)** | **%d MiB** (limit %d MiB: %s) |
                    | highest RSS sampled every 0.5 s | %d MiB |
                    | on disk under `.edgeplane/s3/data` (all buckets) | %,d files, %,d bytes |
                    """.formatted(requested, threads, maxSeconds < 1_000_000 ? " --max-write-seconds " + maxSeconds : "",
                    local.providerLine(), LocalEndpoint.machine(), threads, objects, bytes,
                    writeSeconds, objects / writeSeconds, pages, flatSeconds, flatSeconds * 1000 / pages, flatSlowest,
                    buildPrefixes.size(), dirs.size(), delimitedPages, delimitedSeconds, delimitedSlowest, loadBefore, loadAfter,
                    startRss, rssAfterWrite, rssAfterList, rss, hwm, limitMib, ok ? "within" : "**exceeded**",
                    sampledPeak.get(), disk[0], disk[1]);
            System.out.println(md);
            LocalEndpoint.writeResult(local.home, "local-s3-capacity.md", md);
            return ok ? 0 : 1;
        } finally {
            sampler.shutdownNow();
        }
    }

    /** 100 files a directory, 10,000 a build. */
    static String key(int i) {
        return "fleet/build-%03d/dir-%03d/file-%05d.html".formatted(i / FILES_PER_BUILD, (i % FILES_PER_BUILD) / 100, i);
    }

    /** Writes keys 0.. in order of claim until all are written or the deadline passes; every claimed key is written. */
    private static long[] writeAll(S3Client s3, int objects, int threads, long deadlineNanos) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong next = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < deadlineNanos) {
                    long i = next.getAndIncrement();
                    if (i >= objects) {
                        break;
                    }
                    String key = key((int) i);
                    byte[] body = ("<!doctype html><p>" + key + "</p>" + "x".repeat((int) (i * 7919 % 1800))).getBytes();
                    s3.putObject(b -> b.bucket(BUCKET).key(key).contentType("text/html"), RequestBody.fromBytes(body));
                    bytes.addAndGet(body.length);
                    if (i > 0 && i % 20_000 == 0) {
                        System.out.printf("  %,d written%n", i);
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return new long[] {Math.min(next.get(), objects), bytes.get()};
    }
}
