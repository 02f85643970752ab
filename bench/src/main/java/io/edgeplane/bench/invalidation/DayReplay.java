package io.edgeplane.bench.invalidation;

import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FileStatus;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.invalidation.domain.Boundary;
import io.edgeplane.invalidation.domain.ChangeAdmission;
import io.edgeplane.invalidation.domain.LearnedPopulation;
import io.edgeplane.invalidation.service.ChangeBatches;
import io.edgeplane.platform.ownership.Ownership;
import io.edgeplane.invalidation.domain.ChangeBatch;
import io.edgeplane.invalidation.domain.CloudFrontFailure;
import io.edgeplane.invalidation.domain.CoalescingWindow;
import io.edgeplane.invalidation.domain.CostModel;
import io.edgeplane.invalidation.domain.InvalidationItem;
import io.edgeplane.invalidation.domain.InvalidationListener;
import io.edgeplane.invalidation.domain.InvalidationPlanner;
import io.edgeplane.invalidation.domain.InvalidationScheduler;
import io.edgeplane.invalidation.domain.ItemKind;
import io.edgeplane.invalidation.domain.ObjectPopulation;
import io.edgeplane.invalidation.domain.PathNormalizer;
import io.edgeplane.invalidation.domain.SetRoots;
import io.edgeplane.invalidation.domain.PathNormalizer.Items;
import io.edgeplane.invalidation.domain.PathNormalizer.Source;
import io.edgeplane.invalidation.domain.PlannedItem;
import io.edgeplane.invalidation.simulated.SimulatedClock;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Replays a generated day of changes through the invalidation planner and scheduler on a simulated
 * CloudFront (real quotas: 3,000 paths / 15 wildcards in progress, 0.5 CreateInvalidation/s,
 * completion after 30 s; simulated clock), next to three baselines run on their own simulated
 * CloudFront in the same run:
 * <ul>
 * <li>one path per changed file, one request per event;</li>
 * <li>depth truncation: paths cut to shallower directory wildcards until at most 8 items per event
 * (what popular static-site deployers do), never above the site root;</li>
 * <li>always {@code /*}, one request per event.</li>
 * </ul>
 * Baseline clients retry TooManyInvalidationsInProgress/Throttling with exponential backoff and
 * full jitter (1 s to 60 s). Usage: {@code bench/run invalidation.DayReplay [--tenants N]
 * [--deployments N] [--distributions N] [--seed N]}.
 */
public final class DayReplay {
    static final Instant DAY = Instant.parse("2026-11-22T00:00:00Z");
    static final Duration COMPLETION = Duration.ofSeconds(30);
    static final Boundary BOUNDARY = Boundary.DEFAULT;

    // ------------------------------------------------------------------------------------------
    // The generated world.

    /** A tenant's site: {@code size} files laid out deterministically under /tenants/t{n}/. */
    record Site(int tenant, int size) {
        String root() {
            return "/tenants/t" + tenant + "/";
        }

        /** File j: index.html, then files spread over 8 sections with 4 subfolders each. */
        String file(int j) {
            if (j == 0) {
                return root() + "index.html";
            }
            int section = j % 8;
            String dir = section == 0 ? "assets/" : "s" + section + "/" + (j % 3 == 0 ? "sub" + (j % 4) + "/" : "");
            return root() + dir + (j % 11 == 0 ? "index.html" : "f" + j + (j % 2 == 0 ? ".html" : ".js"));
        }

        /** The distinct objects of the site (several j share a directory's index.html), encoded. */
        List<String> files() {
            Set<String> files = new LinkedHashSet<>();
            for (int j = 0; j < size; j++) {
                files.add(PathNormalizer.encode(file(j)));
            }
            return List.copyOf(files);
        }
    }

    /** One FilesDistributed: when, where, what. */
    record Change(String id, String distribution, Instant at, List<String> paths, Site site) {
    }

    final int tenants;
    final int deployments;
    final int distributions;
    final long seed;
    final Site[] sites;
    final Map<Integer, Map<String, Long>> directoryCounts = new HashMap<>();
    final long[] objectsPerDistribution;
    /** Null: the production default ({@code InvalidationScheduler.Settings.defaults()}). */
    CoalescingWindow window;
    static final int DATA_FILES = 400;

    DayReplay(int tenants, int deployments, int distributions, long seed) {
        this.tenants = tenants;
        this.deployments = deployments;
        this.distributions = distributions;
        this.seed = seed;
        Random random = new Random(seed);
        sites = new Site[tenants];
        objectsPerDistribution = new long[distributions];
        for (int t = 0; t < tenants; t++) {
            // Log-uniform site sizes, 20 to 3,000 files.
            int size = (int) Math.round(Math.exp(Math.log(20) + random.nextDouble() * (Math.log(3_000) - Math.log(20))));
            sites[t] = new Site(t, size);
            objectsPerDistribution[t % distributions] += size;
        }
        objectsPerDistribution[0] += DATA_FILES;
    }

    String distribution(int tenant) {
        return String.format("E%013d", tenant % distributions);
    }

    /** Exact object counts under a prefix, as a bucket listing would give (the planner's estimate). */
    long objectsUnder(String distribution, String prefix) {
        if (prefix.equals("/")) {
            return objectsPerDistribution[Integer.parseInt(distribution.substring(1))];
        }
        if (prefix.startsWith("/data/")) {
            return prefix.length() <= "/data/".length() ? DATA_FILES : DATA_FILES / 20;
        }
        var tenant = BOUNDARY.tenantOf(prefix);
        if (tenant.isEmpty()) {
            return objectsPerDistribution[Integer.parseInt(distribution.substring(1))];
        }
        int t = Integer.parseInt(tenant.get().substring(1));
        Map<String, Long> counts = directoryCounts.computeIfAbsent(t, k -> {
            Map<String, Long> c = new HashMap<>();
            for (String path : sites[k].files()) {
                for (int i = path.indexOf('/'); i >= 0 && i < path.length() - 1; i = path.indexOf('/', i + 1)) {
                    c.merge(path.substring(0, i + 1), 1L, Long::sum);
                }
            }
            return c;
        });
        if (prefix.endsWith("/")) {
            return counts.getOrDefault(prefix, 0L);
        }
        // A file-name prefix: count files that start with it (rare; only for '~'-style wildcards).
        return sites[t].files().stream().filter(f -> f.startsWith(prefix)).count();
    }

    List<Change> generate() {
        Random random = new Random(seed + 1);
        List<Change> changes = new ArrayList<>();
        double[] tenantCdf = zipfCdf(tenants, 1.0);
        double[] filesCdf = zipfCdf(500, 1.2);
        for (int d = 0; d < deployments; d++) {
            Site site = sites[sample(tenantCdf, random)];
            int k = Math.min(site.size(), 1 + sample(filesCdf, random));
            Set<Integer> chosen = new LinkedHashSet<>();
            chosen.add(0);
            // Deployments touch a neighbourhood: consecutive file numbers from a random start share folders.
            int start = random.nextInt(site.size());
            for (int j = 0; chosen.size() < k; j++) {
                chosen.add(random.nextInt(4) == 0 ? random.nextInt(site.size()) : (start + j * 8) % site.size());
            }
            List<String> paths = chosen.stream().map(site::file).toList();
            // Busier during the day: a cosine-shaped arrival density peaking at 14:00 UTC.
            double u;
            do {
                u = random.nextDouble();
            } while (random.nextDouble() > 0.55 + 0.45 * Math.cos(2 * Math.PI * (u - 14 / 24.0)));
            Instant at = DAY.plusMillis((long) (u * 86_400_000L));
            changes.add(new Change("dep-" + d, distribution(site.tenant()), at, paths, site));
        }
        // Data refreshes: every 15 minutes a fetch changes 20-400 dataset files on the shared distribution.
        for (int r = 0; r < 96; r++) {
            List<String> paths = dataFiles(20 + random.nextInt(DATA_FILES - 20));
            changes.add(new Change("data-" + r, distribution(0), DAY.plus(Duration.ofMinutes(15L * r)).plusSeconds(7),
                    paths, null));
        }
        changes.sort((a, b) -> a.at().compareTo(b.at()));
        return changes;
    }

    /** The first {@code n} files of the data set (DATA_FILES in 20 directories). */
    static List<String> dataFiles(int n) {
        List<String> paths = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            paths.add("/data/set" + (j % 20) + "/part" + j + ".json");
        }
        return paths;
    }

    static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    static int sample(double[] cdf, Random random) {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(cdf.length - 1, i < 0 ? -i - 1 : i);
    }

    // ------------------------------------------------------------------------------------------
    // Results.

    static final class Result {
        final String strategy;
        long paths;
        long wildcards;
        long tags;
        long requests;
        long gets;
        long quotaErrors;
        long throttles;
        long collateral;
        final List<Long> freshMillis = new ArrayList<>();
        long unfresh;
        long directoryForms;
        /** Per window (one CreateInvalidation) and distribution: Edgeplane's cost-model total, exact collateral. */
        double modelCost;
        WindowOptimum.Solution optimum = new WindowOptimum.Solution(0, 0, 0, 0, false);
        WindowOptimum.Solution zeroCollateral = new WindowOptimum.Solution(0, 0, 0, 0, false);
        long windows;
        long lagrangianWindows;
        double ownerlessModelCost;
        double ownerlessOptimum;
        double ownersOptimum;
        double price;
        double slot;

        Result(String strategy) {
            this.strategy = strategy;
        }

        long billed() {
            return paths + wildcards + tags;
        }

        long percentile(double p) {
            if (freshMillis.isEmpty()) {
                return -1;
            }
            List<Long> sorted = new ArrayList<>(freshMillis);
            sorted.sort(null);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Edgeplane: planner + scheduler.

    /** The service's population defaults (edgeplane.invalidation.unknown-prefix-objects, max-observed-paths). */
    static final long UNKNOWN_PREFIX_OBJECTS = 100_000;
    static final int MAX_OBSERVED_PATHS = 200_000;

    /**
     * The service's intake for one change: the FilesDistributed the distributor would publish (changed paths,
     * every file of the set in its results, the set's total), through {@link ChangeBatches#of} with the
     * ownership admission and {@link ChangeBatches#learn} into the distribution's {@link LearnedPopulation}.
     */
    ChangeBatch intake(Change c, PathNormalizer normalizer, ChangeAdmission admission, LearnedPopulation population) {
        List<FilesDistributed.FileResult> results = new ArrayList<>();
        Set<String> changed = new java.util.HashSet<>();
        c.paths().forEach(p -> changed.add(PathNormalizer.encode(p)));
        // A data refresh lists the whole data set (DATA_FILES, copied or unchanged) under /data/, as the
        // distributor's DistributionReport does; its origin is "data".
        List<String> files = c.site() != null ? c.site().files() : dataFiles(DATA_FILES);
        for (String f : files) {
            results.add(new FilesDistributed.FileResult(f.substring(1), f.substring(1),
                    changed.contains(f) ? FileStatus.COPIED : FileStatus.UNCHANGED, null, null));
        }
        FilesDistributed event = new FilesDistributed(c.distribution(), "edgeplane-distribution",
                c.site() != null ? "deployment" : "data",
                c.site() != null ? "t" + c.site().tenant() : null, c.paths(), List.of(), results, changed.size(), 0,
                files.size(), false, null, c.at(), List.of());
        var envelope = new EventEnvelope<>(c.id(), "/edgeplane/distributor-service", EventType.FILES_DISTRIBUTED,
                c.at(), event.key(), event);
        ChangeBatches.Conversion conversion = ChangeBatches.of(envelope, normalizer, admission);
        ChangeBatches.learn(population, admission, SetRoots.DEFAULTS, conversion, event);
        return conversion.batch();
    }

    Result edgeplane(List<Change> changes, CostModel cost, boolean optimum) {
        SimulatedClock clock = new SimulatedClock(DAY);
        SimulatedCloudFront cloudFront = new SimulatedCloudFront(SimulatedCloudFront.Settings.realistic()
                .withCompletionDelay(COMPLETION), clock);
        Result result = new Result(String.format(Locale.ROOT, "Edgeplane (collateral %s/object, slot %s)",
                cost.collateralPerObject(), cost.wildcardSlot()));
        result.price = cost.collateralPerObject();
        result.slot = cost.wildcardSlot();
        PathNormalizer normalizer = PathNormalizer.defaults();
        ChangeAdmission admission = new ChangeAdmission(Ownership.DEFAULTS);
        Map<String, LearnedPopulation> populations = new HashMap<>();
        InvalidationScheduler.Settings settings = window == null ? InvalidationScheduler.Settings.defaults()
                : InvalidationScheduler.Settings.defaults().withWindow(window);
        InvalidationScheduler scheduler = new InvalidationScheduler(cloudFront,
                new InvalidationPlanner(BOUNDARY, cost), settings, clock, new InvalidationListener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> submitted(Submitted s) {
                        Set<String> changedItems = new TreeSet<>();
                        for (PlannedItem p : s.plan()) {
                            if (p.item().kind() == ItemKind.WILDCARD) {
                                long changed = p.covers().stream().filter(c -> c.kind() == ItemKind.PATH
                                        && !c.value().endsWith("/")).count();
                                long collateral = Math.max(0,
                                        objectsUnder(s.distributionId(), p.item().prefix()) - changed);
                                result.collateral += collateral;
                                result.modelCost += cost.wide(collateral);
                            } else {
                                result.modelCost += 1;
                            }
                            p.covers().stream().filter(c -> c.kind() == ItemKind.PATH)
                                    .forEach(c -> changedItems.add(c.value()));
                        }
                        result.windows++;
                        if (optimum) {
                            int[] inProgress = inProgress(cloudFront, s.distributionId(), s.invalidation().id(),
                                    clock.instant());
                            var free = new int[] {settings.maxWildcards() - inProgress[1],
                                settings.maxPaths() - inProgress[0]};
                            WindowOptimum.Solution best = WindowOptimum.solve(changedItems, BOUNDARY,
                                    prefix -> objectsUnder(s.distributionId(), prefix), cost.collateralPerObject(),
                                    cost.wildcardSlot(), free[0], free[1], false);
                            WindowOptimum.Solution zero = WindowOptimum.solve(changedItems, BOUNDARY,
                                    prefix -> objectsUnder(s.distributionId(), prefix), cost.collateralPerObject(),
                                    cost.wildcardSlot(), free[0], free[1], true);
                            // The same split by owner: items in a tenant's root, and owner-less (data) items, for
                            // which no total is declared and the prior applies.
                            Set<String> ownerless = new TreeSet<>();
                            changedItems.stream().filter(i -> BOUNDARY.tenantOf(i).isEmpty()).forEach(ownerless::add);
                            if (!ownerless.isEmpty()) {
                                Set<String> owned = new TreeSet<>(changedItems);
                                owned.removeAll(ownerless);
                                result.ownerlessOptimum += WindowOptimum.solve(ownerless, BOUNDARY,
                                        prefix -> objectsUnder(s.distributionId(), prefix), cost.collateralPerObject(),
                                        cost.wildcardSlot(), free[0], free[1], false).cost();
                                result.ownersOptimum += owned.isEmpty() ? 0 : WindowOptimum.solve(owned, BOUNDARY,
                                        prefix -> objectsUnder(s.distributionId(), prefix), cost.collateralPerObject(),
                                        cost.wildcardSlot(), free[0], free[1], false).cost();
                                result.ownerlessModelCost += windowCost(s, cost,
                                        p -> BOUNDARY.tenantOf(p.item().value()).isEmpty());
                            } else {
                                result.ownersOptimum += best.cost();
                            }
                            result.optimum = add(result.optimum, best);
                            result.zeroCollateral = add(result.zeroCollateral, zero);
                            result.lagrangianWindows += best.lagrangian() || zero.lagrangian() ? 1 : 0;
                        }
                        return java.util.concurrent.CompletableFuture.completedFuture(null);
                    }

                    @Override
                    public void fresh(ChangeBatch batch, Duration timeToFresh) {
                        result.freshMillis.add(timeToFresh.toMillis());
                    }
                }, d -> populations.computeIfAbsent(d,
                        id -> new LearnedPopulation(UNKNOWN_PREFIX_OBJECTS, MAX_OBSERVED_PATHS)), d -> false);
        int next = 0;
        Instant end = DAY.plus(Duration.ofDays(1)).plus(Duration.ofHours(1));
        while (clock.instant().isBefore(end)) {
            while (next < changes.size() && !changes.get(next).at().isAfter(clock.instant())) {
                Change c = changes.get(next++);
                ChangeBatch batch = intake(c, normalizer, admission, populations.computeIfAbsent(c.distribution(),
                        id -> new LearnedPopulation(UNKNOWN_PREFIX_OBJECTS, MAX_OBSERVED_PATHS)));
                if (batch != null) {
                    scheduler.submit(batch);
                }
            }
            Instant due = scheduler.tick();
            Instant nextChange = next < changes.size() ? changes.get(next).at() : Instant.MAX;
            Instant to = due.isBefore(nextChange) ? due : nextChange;
            Instant min = clock.instant().plusMillis(100);
            clock.set(to.isBefore(min) ? min : to);
            if (next >= changes.size() && scheduler.idle() && scheduler.trackedCount() == 0) {
                break;
            }
        }
        result.paths = cloudFront.billed(ItemKind.PATH);
        result.wildcards = cloudFront.billed(ItemKind.WILDCARD);
        result.tags = cloudFront.billed(ItemKind.TAG);
        result.directoryForms = cloudFront.created().stream().flatMap(c -> c.items().stream())
                .filter(i -> i.endsWith("/")).count();
        result.requests = cloudFront.requests();
        result.gets = cloudFront.getRequests();
        result.quotaErrors = cloudFront.errors().getOrDefault(CloudFrontFailure.TOO_MANY_IN_PROGRESS, 0L);
        result.throttles = cloudFront.errors().getOrDefault(CloudFrontFailure.THROTTLING, 0L);
        result.unfresh = changes.size() - result.freshMillis.size();
        return result;
    }

    /** One window's cost-model total with true collateral. */
    double windowCost(InvalidationListener.Submitted s, CostModel cost) {
        return windowCost(s, cost, p -> true);
    }

    /** The part of one window's cost-model total spent on the plan items that match. */
    double windowCost(InvalidationListener.Submitted s, CostModel cost, java.util.function.Predicate<PlannedItem> which) {
        double total = 0;
        for (PlannedItem p : s.plan()) {
            if (!which.test(p)) {
                continue;
            }
            if (p.item().kind() == ItemKind.PATH) {
                total += 1;
            } else {
                long changed = p.covers().stream().filter(c -> c.kind() == ItemKind.PATH && !c.value().endsWith("/"))
                        .count();
                total += cost.wide(Math.max(0, objectsUnder(s.distributionId(), p.item().prefix()) - changed));
            }
        }
        return total;
    }

    static WindowOptimum.Solution add(WindowOptimum.Solution a, WindowOptimum.Solution b) {
        return new WindowOptimum.Solution(a.cost() + b.cost(), a.paths() + b.paths(), a.wildcards() + b.wildcards(),
                a.collateral() + b.collateral(), false);
    }

    /** Paths and wildcards in progress on the simulated CloudFront now, other than {@code except}. */
    static int[] inProgress(SimulatedCloudFront cloudFront, String distribution, String except, Instant now) {
        int[] used = new int[2];
        List<SimulatedCloudFront.Created> created = cloudFront.created(distribution);
        for (int i = created.size() - 1; i >= 0; i--) {
            SimulatedCloudFront.Created c = created.get(i);
            if (!c.createTime().plus(COMPLETION).isAfter(now)) {
                break;
            }
            if (c.id().equals(except)) {
                continue;
            }
            for (String item : c.items()) {
                used[item.endsWith("*") ? 1 : 0]++;
            }
        }
        return used;
    }

    // ------------------------------------------------------------------------------------------
    // Baselines: a naive client per event, retrying with backoff.

    interface Strategy {
        /** The items one event sends, in requests of at most 3,000. */
        List<String> items(Change change);
    }

    Result baseline(String name, List<Change> changes, Strategy strategy) {
        SimulatedClock clock = new SimulatedClock(DAY);
        SimulatedCloudFront cloudFront = new SimulatedCloudFront(SimulatedCloudFront.Settings.realistic()
                .withCompletionDelay(COMPLETION), clock);
        Result result = new Result(name);
        Random jitter = new Random(seed + 7);
        record Attempt(Instant at, Change change, List<String> items, int attempt, int[] remaining, Instant[] last) {
        }
        PriorityQueue<Attempt> queue = new PriorityQueue<>((a, b) -> a.at().compareTo(b.at()));
        for (Change c : changes) {
            List<String> items = strategy.items(c);
            for (String item : items) {
                InvalidationItem i = InvalidationItem.of(item);
                if (i.kind() == ItemKind.WILDCARD) {
                    Set<String> changedUnder = new TreeSet<>();
                    for (String p : c.paths()) {
                        if (i.covers(PathNormalizer.encode(p))) {
                            changedUnder.add(p);
                        }
                    }
                    result.collateral += Math.max(0, objectsUnder(c.distribution(), i.prefix()) - changedUnder.size());
                }
            }
            int chunks = (items.size() + 2_999) / 3_000;
            int[] remaining = {chunks};
            Instant[] last = {c.at()};
            for (int k = 0; k < chunks; k++) {
                queue.add(new Attempt(c.at(), c, items.subList(k * 3_000, Math.min(items.size(), (k + 1) * 3_000)), 0,
                        remaining, last));
            }
        }
        int reference = 0;
        while (!queue.isEmpty()) {
            Attempt a = queue.poll();
            clock.set(a.at());
            try {
                var created = cloudFront.create(a.change().distribution(), "naive-" + reference++, a.items());
                Instant done = created.createTime().plus(COMPLETION);
                if (done.isAfter(a.last()[0])) {
                    a.last()[0] = done;
                }
                if (--a.remaining()[0] == 0) {
                    result.freshMillis.add(Duration.between(a.change().at(), a.last()[0]).toMillis());
                }
            } catch (CloudFrontFailure e) {
                long ceiling = Math.min(60_000, 1_000L << Math.min(a.attempt(), 6));
                long wait = ceiling / 2 + (long) (jitter.nextDouble() * ceiling / 2);
                queue.add(new Attempt(a.at().plusMillis(wait), a.change(), a.items(), a.attempt() + 1, a.remaining(),
                        a.last()));
            }
        }
        result.paths = cloudFront.billed(ItemKind.PATH);
        result.wildcards = cloudFront.billed(ItemKind.WILDCARD);
        result.requests = cloudFront.requests();
        result.quotaErrors = cloudFront.errors().getOrDefault(CloudFrontFailure.TOO_MANY_IN_PROGRESS, 0L);
        result.throttles = cloudFront.errors().getOrDefault(CloudFrontFailure.THROTTLING, 0L);
        result.unfresh = changes.size() - result.freshMillis.size();
        return result;
    }

    static String root(Change c) {
        return c.site() != null ? c.site().root() : "/data/";
    }

    /** Cuts paths to shallower directory wildcards until at most {@code max} items remain; never above the site root. */
    static List<String> truncate(Change c, int max) {
        return truncate(c, c.paths().stream().map(PathNormalizer::encode).distinct().toList(), max);
    }

    /** What the service's normaliser makes of a change: the paths and, for index documents, their directory URLs. */
    static List<String> withDirectoryUrls(Change c) {
        Set<String> items = new LinkedHashSet<>();
        for (String p : c.paths()) {
            if (PathNormalizer.defaults().normalize(p, Source.CHANGE) instanceof Items ok) {
                ok.items().forEach(i -> items.add(i.value()));
            }
        }
        return List.copyOf(items);
    }

    static List<String> truncate(Change c, List<String> encoded, int max) {
        if (encoded.size() <= max) {
            return encoded;
        }
        String root = root(c);
        int deepest = encoded.stream().mapToInt(p -> depth(p.substring(root.length()))).max().orElse(0);
        for (int d = deepest; d >= 0; d--) {
            Set<String> items = new TreeSet<>();
            for (String p : encoded) {
                String rel = p.substring(root.length());
                items.add(depth(rel) <= d ? p : root + prefix(rel, d) + "*");
            }
            if (items.contains(root + "*")) {
                return List.of(root + "*");
            }
            if (items.size() <= max) {
                return List.copyOf(items);
            }
        }
        return List.of(root + "*");
    }

    static int depth(String relative) {
        return (int) relative.chars().filter(ch -> ch == '/').count();
    }

    static String prefix(String relative, int depth) {
        int at = 0;
        for (int i = 0; i < depth; i++) {
            int slash = relative.indexOf('/', at);
            if (slash < 0) {
                break;
            }
            at = slash + 1;
        }
        return relative.substring(0, at);
    }

    // ------------------------------------------------------------------------------------------

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int tenants = Integer.parseInt(opts.getOrDefault("tenants", "100000"));
        int deployments = Integer.parseInt(opts.getOrDefault("deployments", "40000"));
        int distributions = Integer.parseInt(opts.getOrDefault("distributions", "20"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "2026"));
        List<Double> prices = Arrays.stream(opts.getOrDefault("prices", "0.01,0.003,0.001,0.03").split(","))
                .map(Double::parseDouble).toList();
        String out = opts.getOrDefault("out", "bench/results/invalidation-day-replay.md");
        DayReplay replay = new DayReplay(tenants, deployments, distributions, seed);
        if (opts.containsKey("window")) {
            String[] w = opts.get("window").split("/");
            replay.window = new CoalescingWindow(Duration.parse("PT" + w[0]), Duration.parse("PT" + w[1]));
        }
        List<Change> changes = replay.generate();
        long changedFiles = changes.stream().mapToLong(c -> c.paths().size()).sum();
        long t0 = System.nanoTime();
        List<Result> results = new ArrayList<>();
        long edgeplaneMillis = 0;
        for (double price : prices) {
            long e0 = System.nanoTime();
            results.add(replay.edgeplane(changes, new CostModel(price, CostModel.DEFAULT.wildcardSlot(),
                    CostModel.DEFAULT.waitingPath()), true));
            edgeplaneMillis = Math.max(edgeplaneMillis, (System.nanoTime() - e0) / 1_000_000);
            System.err.printf("edgeplane at %s done after %d s%n", price, (System.nanoTime() - t0) / 1_000_000_000);
        }
        List<Result> edgeplane = List.copyOf(results);
        results.add(replay.baseline("one path per changed file", changes,
                c -> c.paths().stream().map(PathNormalizer::encode).distinct().toList()));
        Result truncation = replay.baseline("depth truncation, <= 8 items per batch", changes, c -> truncate(c, 8));
        results.add(truncation);
        Result fairTruncation = replay.baseline("depth truncation, <= 8 items per batch, directory URLs too", changes,
                c -> truncate(c, withDirectoryUrls(c), 8));
        results.add(fairTruncation);
        results.add(replay.baseline("always /*", changes, c -> List.of("/*")));
        long totalMillis = (System.nanoTime() - t0) / 1_000_000;
        Result best = results.stream().skip(edgeplane.size()).min(java.util.Comparator.comparingLong(r -> r.percentile(0.99)))
                .orElseThrow();
        Result chosen = edgeplane.getFirst();

        StringBuilder md = new StringBuilder();
        md.append("# invalidation.DayReplay\n\n");
        md.append("Command: `bench/run invalidation.DayReplay --tenants ").append(tenants).append(" --deployments ")
                .append(deployments).append(" --distributions ").append(distributions).append(" --seed ").append(seed)
                .append(" --prices ").append(String.join(",", prices.stream().map(String::valueOf).toList()))
                .append("`  \nDate: ").append(LocalDate.now()).append("; machine: 2 cores (shared), JDK ")
                .append(Runtime.version()).append("; wall time ").append(totalMillis / 1000)
                .append(" s (longest Edgeplane run, with the per-window optimum, ").append(edgeplaneMillis / 1000)
                .append(" s), simulated clock.\n\n");
        md.append(String.format(Locale.ROOT, "Workload: %,d tenants (sites of 20-3,000 files, log-uniform) on %d shared"
                + " distributions; %,d deployments (tenant ~ Zipf s=1.0, files ~ Zipf(1..500) s=1.2, daytime peak) and"
                + " 96 data refreshes of 20-400 files; %,d change events, %,d changed files.%n%n", tenants, distributions,
                deployments, changes.size(), changedFiles));
        md.append("Simulated CloudFront for every strategy: 3,000 paths / 15 wildcards in progress per distribution,"
                + " 0.5 CreateInvalidation/s per distribution (Throttling beyond), completion 30 s after creation."
                + " Collateral = unchanged objects under each wildcard (exact counts from the generated sites).\n\n"
                + "Edgeplane plans as the service does: each change is the FilesDistributed the distributor publishes"
                + " (changed paths, every file of the set in `results`, `totalFiles`), taken in by `ChangeBatches.of`"
                + " (ownership admission, normaliser) and `ChangeBatches.learn` into one `LearnedPopulation` per"
                + " distribution (the service's defaults: prior 100,000, 200,000 observed paths); scheduler with"
                + " `InvalidationScheduler.Settings.defaults()` (the service's defaults: window "
                + (replay.window == null ? InvalidationScheduler.Settings.defaults().window() : replay.window).quiet()
                        .toMillis()
                + " ms / max 10 s, 0.5 CreateInvalidation/s, polls from the learned expected completion with backoff"
                + " 1 s doubling to 5 s).\n\n");
        md.append("| strategy | billed items | paths | wildcards | API requests | GetInvalidation | quota errors |"
                + " throttled | collateral objects | time to fresh p50 | p99 | events never fresh |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %s | %,d | %,d | %,d | %.1f s | %.1f s"
                    + " | %,d |%n", r.strategy, r.billed(), r.paths, r.wildcards, r.requests,
                    r.gets > 0 ? String.format(Locale.ROOT, "%,d", r.gets) : "-", r.quotaErrors, r.throttles,
                    r.collateral, r.percentile(0.5) / 1000.0, r.percentile(0.99) / 1000.0, r.unfresh));
        }
        md.append("\nPer window and distribution (each CreateInvalidation Edgeplane sent: the changed items it covers,"
                + " the wildcard and path slots free when it was planned), the cost model `paths + per wildcard (1 +"
                + " slot 1.0 + price x unchanged objects)` with true object counts: Edgeplane's plan, the exact"
                + " optimum (`WindowOptimum`: DP over the directory trie, wildcard count 0..free slots as the knapsack"
                + " dimension; a Lagrangian path price where the path quota binds) and the zero-collateral minimum"
                + " (only wildcards over directories whose every object changed).\n\n");
        md.append("| collateral price | windows | Edgeplane cost | optimum cost | Edgeplane / optimum | owners' windows"
                + " | owner-less (data) windows | optimum billed / collateral | zero-collateral minimum cost | its billed"
                + " items | Lagrangian windows |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : edgeplane) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %,.0f | %.3f | %,.0f / %,.0f = %.3f | %,.0f / %,.0f"
                    + " | %,d / %,d | %,.0f | %,d | %,d |%n",
                    r.price, r.windows, r.modelCost, r.optimum.cost(), r.modelCost / r.optimum.cost(),
                    r.modelCost - r.ownerlessModelCost, r.ownersOptimum,
                    (r.modelCost - r.ownerlessModelCost) / r.ownersOptimum,
                    r.ownerlessModelCost, r.ownerlessOptimum,
                    r.optimum.billed(), r.optimum.collateral(), r.zeroCollateral.cost(), r.zeroCollateral.billed(),
                    r.lagrangianWindows));
        }
        md.append("\nThe two split columns solve each window's owners' items and its owner-less items separately"
                + " (each with the window's free slots), Edgeplane's cost split by the plan items that cover them.");
        md.append(" Owner-less windows are the `/data/` refreshes: each data FilesDistributed (origin `data`) lists"
                + " the whole data set in `results` with its `totalFiles`, and `/data/` is the service's set root for"
                + " origin `data` (`edgeplane.invalidation.set-roots`, default `data=/data/`: the distributor's data"
                + " prefix), so `ChangeBatches.learn` declares that total under `/data/` and lists the set there;"
                + " without it the estimate under `/data/` would be the prior (100,000 objects).\n");
        md.append("\nPareto front, billed items vs collateral objects (Edgeplane at each price, and the per-window"
                + " optimum at that price), against depth truncation:\n\n| point | billed items | collateral objects |"
                + " $ for the day |\n|---|---:|---:|---:|\n");
        for (Result r : edgeplane) {
            md.append(String.format(Locale.ROOT, "| Edgeplane, price %s | %,d | %,d | %,.2f |%n", r.price, r.billed(),
                    r.collateral, r.billed() * 0.005));
            md.append(String.format(Locale.ROOT, "| optimum, price %s | %,d | %,d | %,.2f |%n", r.price,
                    r.optimum.billed(), r.optimum.collateral(), r.optimum.billed() * 0.005));
        }
        md.append(String.format(Locale.ROOT, "| depth truncation | %,d | %,d | %,.2f |%n", truncation.billed(),
                truncation.collateral, truncation.billed() * 0.005));
        md.append(String.format(Locale.ROOT, "| depth truncation, directory URLs too | %,d | %,d | %,.2f |%n",
                fairTruncation.billed(), fairTruncation.collateral, fairTruncation.billed() * 0.005));
        md.append(String.format(Locale.ROOT, "%nGoal check for the default (price %s): cost-model total %,.0f vs"
                + " 1.05 x optimum %,.0f (%s); billed %,d vs truncation %,d (%s); collateral %,d vs half of truncation's"
                + " %,d (%s); quota errors %d; p99 %.1f s vs best baseline's %.1f s + 2 s (%s).%n", chosen.price,
                chosen.modelCost, 1.05 * chosen.optimum.cost(), chosen.modelCost <= 1.05 * chosen.optimum.cost()
                        ? "met" : "missed",
                chosen.billed(), truncation.billed(), chosen.billed() <= truncation.billed() ? "met" : "missed",
                chosen.collateral, truncation.collateral / 2, chosen.collateral <= truncation.collateral / 2 ? "met"
                        : "missed",
                chosen.quotaErrors, chosen.percentile(0.99) / 1000.0, best.percentile(0.99) / 1000.0,
                chosen.percentile(0.99) <= best.percentile(0.99) + 2_000 ? "met" : "missed"));
        md.append(String.format(Locale.ROOT, "Against the truncation that also invalidates directory URLs (as"
                + " Edgeplane does): billed %,d vs %,d (%s); collateral %,d vs half of its %,d (%s).%n",
                chosen.billed(), fairTruncation.billed(), chosen.billed() <= fairTruncation.billed() ? "met" : "missed",
                chosen.collateral, fairTruncation.collateral / 2,
                chosen.collateral <= fairTruncation.collateral / 2 ? "met" : "missed"));
        md.append(String.format(Locale.ROOT, "%nEdgeplane's path items include %,d directory forms ('/a/' next to"
                + " '/a/index.html', index document applies to every directory): the baselines leave those URLs stale.%n",
                chosen.directoryForms));
        md.append("\nTime to fresh runs from the change to Completed. Edgeplane's figure is when its GetInvalidation poll"
                + " observed Completed, after a coalescing window; the baselines are credited with the exact completion"
                + " instant. API requests count every CreateInvalidation attempt, refused ones included.\n");
        System.out.print(md);
        Path file = Path.of(out);
        Files.createDirectories(file.getParent());
        Files.writeString(file, md.toString());
        System.out.println("written to " + file);
    }
}
