package io.edgeplane.bench.deployment;

import io.edgeplane.distributor.aws.S3ObjectCopier;
import io.edgeplane.distributor.deployment.DeploymentObserver;
import io.edgeplane.distributor.deployment.DeploymentPromoter;
import io.edgeplane.distributor.deployment.PointerSwitch;
import io.edgeplane.distributor.deployment.aws.S3BuildSource;
import io.edgeplane.distributor.deployment.aws.S3DeploymentStateStore;
import io.edgeplane.distributor.deployment.aws.S3ObjectTransfer;
import io.edgeplane.distributor.deployment.domain.DeleteGuard;
import io.edgeplane.distributor.deployment.domain.DeploymentLayout;
import io.edgeplane.distributor.deployment.domain.EntryPoints;
import io.edgeplane.distributor.deployment.domain.ObjectTransfer;
import io.edgeplane.distributor.deployment.domain.SyncPlanner;
import io.edgeplane.distributor.deployment.simulated.SimulatedPointerStore;
import io.edgeplane.distributor.domain.PartPlanner;
import io.edgeplane.distributor.service.ParallelCopier;
import io.edgeplane.events.DeploymentCompleted;
import io.edgeplane.events.DeploymentMode;
import io.edgeplane.events.DeploymentPromoted;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.platform.aws.Backoff;
import io.edgeplane.platform.cache.CachePolicy;
import io.edgeplane.platform.cache.ContentTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Promotion of a 10,000-file build where 5 % of the files changed, through the distributor's own
 * classes (DeploymentPromoter, SyncPlanner, S3BuildSource, S3DeploymentStateStore, the data
 * distribution's ParallelCopier) against the real S3 endpoint (S3Proxy on loopback, as in tests):
 * copy mode (sync into {@code current/} by content hash) next to a full re-copy of the same build
 * with the same copier in the same run, and pointer mode (build copied to its immutable prefix, then
 * one KeyValueStore write on the simulated store). Builds are where CI puts them since issue 13: under
 * the tenant's own build root {@code tenants/bench/builds/{build}/} in a configured builds bucket (the
 * promoter refuses anything else), so one tenant runs every measurement, its state cleared in between.
 *
 * <p>The S3 endpoint is the tests' S3Proxy jar with the same in-memory store but a larger heap
 * ({@link BenchS3Endpoint}); every run still deletes what it wrote before the next one starts (not timed).
 *
 * <p>Usage: {@code bench/run deployment.PromotionBench [--files 10000] [--changed-percent 5] [--size 1024]
 * [--concurrency 16] [--rounds 2] [--s3-heap 2g]}
 */
public final class PromotionBench {
    static final String SOURCE = "bench-deploy-source";
    static final String DIST = "bench-deploy-distribution";
    static final String STATE = "bench-deploy-state";
    static final String DISTRIBUTION = "E1BENCH0000001";
    static final String TENANT = "bench";
    static final String BUILDS = "tenants/" + TENANT + "/builds/";
    private static final AtomicInteger DEPLOYMENTS = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int files = Integer.parseInt(opts.getOrDefault("files", "10000"));
        int changedPercent = Integer.parseInt(opts.getOrDefault("changed-percent", "5"));
        int size = Integer.parseInt(opts.getOrDefault("size", "1024"));
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "16"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "2"));
        int changed = files * changedPercent / 100;

        String heap = opts.getOrDefault("s3-heap", "2g");
        try (BenchS3Endpoint endpoint = BenchS3Endpoint.start(heap); S3Client s3 = endpoint.client()) {
            endpoint.createBuckets(List.of(SOURCE, DIST, STATE));
            long seedStart = System.nanoTime();
            Map<String, byte[]> b1 = site(files, size, 0, 0);
            Map<String, byte[]> b2 = site(files, size, changed, 1);
            upload(s3, SOURCE, BUILDS + "b1/", b1);
            upload(s3, SOURCE, BUILDS + "b2/", b2);
            System.out.printf(Locale.ROOT, "seeded 2 x %d files in %.1f s%n", files, (System.nanoTime() - seedStart) / 1e9);

            Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2), 5);
            ParallelCopier copier = new ParallelCopier(new S3ObjectCopier(s3), concurrency, backoff, Clock.systemUTC());
            SimulatedPointerStore kvs = new SimulatedPointerStore();
            PointerTimer pointerTimer = new PointerTimer();
            DeploymentLayout layout = DeploymentLayout.DEFAULT.withBuildsBuckets(java.util.Set.of(SOURCE));
            DeploymentPromoter promoter = new DeploymentPromoter(
                    new DeploymentPromoter.Settings(DIST, DeploymentMode.COPY, layout, DeleteGuard.DEFAULT, 50),
                    new SyncPlanner(CachePolicy.defaults(), EntryPoints.defaults()), new S3BuildSource(s3),
                    new S3ObjectTransfer(copier, new PartPlanner(512 * PartPlanner.MIB), PartPlanner.SINGLE_COPY_LIMIT, s3,
                            backoff),
                    new S3DeploymentStateStore(s3, STATE, "distributor-state/deployments/", layout),
                    new PointerSwitch(kvs, new Backoff(Duration.ofMillis(10), Duration.ofMillis(200), 8)), pointerTimer,
                    Clock.systemUTC(), new io.edgeplane.distributor.domain.Announcements(1_000, 1_000_000));

            // Warm-up (JIT, connections): a small tenant through both modes; not measured.
            Map<String, byte[]> warm = site(300, size, 30, 2);
            upload(s3, SOURCE, BUILDS + "w1/", warm);
            promote(promoter, "w1", DeploymentMode.COPY);
            forget(s3);
            promote(promoter, "w1", DeploymentMode.POINTER);
            forget(s3);
            clear(s3, SOURCE, BUILDS + "w1/");

            List<String[]> rows = new ArrayList<>();
            List<Double> speedups = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Run first = promote(promoter, "b1", DeploymentMode.COPY);
                Run incremental = promote(promoter, "b2", DeploymentMode.COPY);
                forget(s3);
                Run full = fullRecopy(s3, copier, b2.keySet().stream().sorted().toList(), BUILDS + "b2/",
                        "tenants/full-r" + round + "/deployments/current/");
                clear(s3, DIST, "tenants/full-r" + round + "/");
                promote(promoter, "b1", DeploymentMode.POINTER);
                pointerTimer.reset();
                Run pointerCopy = promote(promoter, "b2", DeploymentMode.POINTER);
                double switchCopyMs = pointerTimer.lastMillis();
                forget(s3);

                if (incremental.copied() != changed || incremental.paths() != changed) {
                    throw new IllegalStateException("expected " + changed + " copies and paths, got " + incremental);
                }
                speedups.add(full.wallSeconds() / incremental.wallSeconds());
                rows.add(row(round, "first deployment, copy mode (everything new)", first, "-"));
                rows.add(row(round, "copy mode, " + changedPercent + " % changed (sync by content hash)", incremental, "-"));
                rows.add(row(round, "baseline: full re-copy of the same build, same copier", full, "-"));
                rows.add(row(round, "pointer mode, build copied to its immutable prefix", pointerCopy,
                        String.format(Locale.ROOT, "%.1f", switchCopyMs)));
                System.out.printf(Locale.ROOT, "round %d: incremental %.2f s, full re-copy %.2f s%n", round,
                        incremental.wallSeconds(), full.wallSeconds());
            }
            double median = speedups.stream().sorted().toList().get(speedups.size() / 2);
            String command = "bench/run deployment.PromotionBench --files " + files + " --changed-percent " + changedPercent
                    + " --size " + size + " --concurrency " + concurrency + " --rounds " + rounds + " --s3-heap " + heap;
            String report = """
                    # deployment.PromotionBench - promoting a %d-file build with %d %% changed

                    - command: `%s`
                    - date: %s
                    - machine: 2 cores (shared with other builds while measured), JDK %s; S3 endpoint: the tests' \
                    S3Proxy jar (jclouds transient in-memory store) on loopback in a child JVM on the same 2 cores, \
                    with a %s heap instead of test-support's 256 MB (which thrashes above ~15,000 small objects; this \
                    run needs ~40,000 at once); SDK URL-connection HTTP client, as in the service
                    - workload: a static site of %d files of %d bytes (HTML, content-hashed JS/CSS, images, JSON, \
                    fonts); build b2 differs from b1 in %d files (HTML, images, JSON; same names); CopyObject with \
                    MetadataDirective=REPLACE, Cache-Control from the cache policy, cache-tag and 5 more metadata \
                    entries; %d copies in flight (the data distribution's ParallelCopier)
                    - each promotion includes listing the build (ListObjectsV2), reading and writing the served \
                    prefix's manifest (JSON in the state bucket), the history line and the events (counted, not sent)

                    ## Resolution

                    - copy mode with %d %% changed copies **%d objects** instead of %d and reports exactly those %d \
                    viewer paths; median wall-time ratio full re-copy / incremental promotion: **%.1fx**
                    - the incremental promotion's wall time is mostly fixed cost, not copies: listing the 10,000 \
                    source keys (10 pages) and reading, marking dirty and rewriting the served prefix's manifest \
                    (~2 MB of JSON); 500 copies alone take a fraction of a second here. Against AWS S3, where a \
                    copy waits on a round trip, the gap follows the object counts more closely. A full re-copy \
                    without a manifest cannot tell what changed, so it must report every path (or `/*`)
                    - pointer mode reports no path at all (nothing to invalidate); the promotion itself is one \
                    KeyValueStore write (simulated store here; the real PutKey is one HTTPS request, and edge \
                    locations pick the value up within seconds); its cost is copying the build into its immutable \
                    prefix (CI may no longer write a build there itself: since issue 13 a build is promoted only \
                    from the tenant's own build root in a builds bucket)

                    | round | run | objects copied | objects deleted | paths reported | wall s | pointer write ms |
                    |---|---|---|---|---|---|---|
                    %s
                    """.formatted(files, changedPercent, command,
                    DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC)),
                    System.getProperty("java.version"), heap, files, size, changed, concurrency, changedPercent, changed, files,
                    changed, median, String.join("\n", rows.stream().map(r -> "| " + String.join(" | ", r) + " |").toList()));
            System.out.println(report);
            Path out = Path.of("bench/results/deployment-promotion.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            System.out.println("written to " + out);
        }
        System.exit(0);
    }

    record Run(int copied, int deleted, int paths, double wallSeconds) {
    }

    private static String[] row(int round, String what, Run run, String pointerMs) {
        return new String[] {String.valueOf(round), what, String.valueOf(run.copied()), String.valueOf(run.deleted()),
                String.valueOf(run.paths()), String.format(Locale.ROOT, "%.2f", run.wallSeconds()), pointerMs};
    }

    /** The bench tenant's {@code build} from its build root; every call is a new deployment. */
    private static Run promote(DeploymentPromoter promoter, String build, DeploymentMode mode) {
        AtomicInteger paths = new AtomicInteger();
        long start = System.nanoTime();
        var promotion = promoter.promote(new DeploymentCompleted("d" + DEPLOYMENTS.incrementAndGet() + "-" + build, TENANT,
                null, build, SOURCE, BUILDS + build + "/", DISTRIBUTION, build, mode, Instant.now(), List.of()), null,
                event -> {
                    if (event instanceof FilesDistributed fd) {
                        paths.addAndGet(fd.changedPaths().size());
                    }
                });
        double wall = (System.nanoTime() - start) / 1e9;
        DeploymentPromoted promoted = promotion.promoted().orElseThrow();
        return new Run(promoted.filesCopied(), promoted.filesDeleted(), paths.get(), wall);
    }

    /** What a deploy without a manifest does: copy every file of the build, with the same copier and headers. */
    private static Run fullRecopy(S3Client s3, ParallelCopier copier, List<String> paths, String sourcePrefix,
            String targetPrefix) {
        CachePolicy policy = CachePolicy.defaults();
        long start = System.nanoTime();
        S3ObjectTransfer transfer = new S3ObjectTransfer(copier, new PartPlanner(512 * PartPlanner.MIB),
                PartPlanner.SINGLE_COPY_LIMIT, s3, new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2), 5));
        List<ObjectTransfer.CopyOrder> orders = paths.stream().map(p -> new ObjectTransfer.CopyOrder(SOURCE,
                sourcePrefix + p, DIST, targetPrefix + p, 0, policy.cacheControl(p), policy.ruleFor(p).name(),
                ContentTypes.forKey(p), Map.of("cache-tag", "tenant-full,build-b2"))).toList();
        long failed = transfer.copy(orders).stream().filter(r -> !r.ok()).count();
        if (failed > 0) {
            throw new IllegalStateException(failed + " copies failed in the full re-copy");
        }
        return new Run(paths.size(), 0, paths.size(), (System.nanoTime() - start) / 1e9);
    }

    /** The bench tenant starts over: nothing served, no manifest, no history (not timed). */
    private static void forget(S3Client s3) {
        clear(s3, DIST, "tenants/" + TENANT + "/");
        clear(s3, STATE, "distributor-state/");
    }

    /** Deletes everything under a prefix (DeleteObjects, 1,000 keys a call). */
    static void clear(S3Client s3, String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().forEach(o -> keys.add(o.key()));
        for (int from = 0; from < keys.size(); from += 1000) {
            List<software.amazon.awssdk.services.s3.model.ObjectIdentifier> ids = keys.subList(from,
                    Math.min(keys.size(), from + 1000)).stream()
                    .map(k -> software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder().key(k).build()).toList();
            s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
        }
    }

    /** A site of {@code files} files; the first {@code changed} HTML/image/JSON files carry revision bytes. */
    static Map<String, byte[]> site(int files, int size, int changed, int revision) {
        Map<String, byte[]> site = new LinkedHashMap<>();
        int changedSoFar = 0;
        for (int i = 0; i < files; i++) {
            String path = switch (i % 5) {
                case 0 -> "pages/p%05d.html".formatted(i);
                case 1 -> "assets/chunk-%05d.%s.js".formatted(i, HexFormat.of().toHexDigits(0x1000_0000 + i));
                case 2 -> "img/photo-%05d.png".formatted(i);
                case 3 -> "data/d%05d.json".formatted(i);
                default -> "fonts/f%05d.woff2".formatted(i);
            };
            boolean mutable = i % 5 != 1;
            int rev = 0;
            if (mutable && changedSoFar < changed) {
                rev = revision;
                changedSoFar++;
            }
            byte[] body = new byte[size];
            byte[] seed = (path + "#" + rev).getBytes();
            for (int b = 0; b < size; b++) {
                body[b] = seed[b % seed.length];
            }
            site.put(path, body);
        }
        return site;
    }

    static void upload(S3Client s3, String bucket, String prefix, Map<String, byte[]> files) throws InterruptedException {
        Semaphore permits = new Semaphore(32);
        AtomicLong failures = new AtomicLong();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            files.forEach((path, body) -> executor.submit(() -> {
                permits.acquireUninterruptibly();
                try {
                    for (int attempt = 1; ; attempt++) {
                        try {
                            s3.putObject(r -> r.bucket(bucket).key(prefix + path), RequestBody.fromBytes(body));
                            return;
                        } catch (RuntimeException e) {
                            if (attempt >= 5) {
                                failures.incrementAndGet();
                                return;
                            }
                        }
                    }
                } finally {
                    permits.release();
                }
            }));
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " uploads failed");
        }
    }

    /** Keeps the duration of the last pointer write. */
    static final class PointerTimer implements DeploymentObserver {
        private volatile double lastMillis = Double.NaN;

        @Override
        public void pointerSwitched(Duration took, int conflicts) {
            lastMillis = took.toNanos() / 1e6;
        }

        void reset() {
            lastMillis = Double.NaN;
        }

        double lastMillis() {
            return lastMillis;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return opts;
    }
}
