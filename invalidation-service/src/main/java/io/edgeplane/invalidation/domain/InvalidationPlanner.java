package io.edgeplane.invalidation.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Chooses the cheapest set of CloudFront items that covers every pending change of one
 * distribution, a pure function of {@link PlanInput}, the {@link ObjectPopulation} and the
 * {@link CostModel}:
 * <ol>
 * <li>requested wildcards and tags are kept; pending paths (and narrower requested wildcards) they
 * cover are dropped;</li>
 * <li>a cache tag carried by several pending paths replaces them when one tag item plus its
 * collateral costs less than the paths;</li>
 * <li>per boundary ({@code /tenants/{id}/}, {@code /data/}...), a tree of directory prefixes; all trees
 * are solved together, exactly, for the free wildcard slots: each directory is either its wildcard
 * (1 item + a slot + collateral) or the best cover of its files and subdirectories, with the number of
 * wildcards as a knapsack dimension (a DP over 0..15 slots, min-plus convolution of the children's
 * tables); never above the boundary, never {@code /*};</li>
 * <li>if more exact paths remain than path slots are free, directories whose wildcard costs less
 * than the paths plus their wait for a slot become wildcards while wildcard slots last.</li>
 * </ol>
 */
public final class InvalidationPlanner {
    private final Boundary boundary;
    private final CostModel cost;

    public InvalidationPlanner(Boundary boundary, CostModel cost) {
        this.boundary = boundary;
        this.cost = cost;
    }

    public CostModel costModel() {
        return cost;
    }

    public Plan plan(PlanInput input, ObjectPopulation population) {
        List<PlannedItem> out = new ArrayList<>();
        Set<String> remaining = new TreeSet<>(input.paths());

        // 1. Requested items, outermost first so nested wildcards fold into them.
        List<InvalidationItem> requested = new ArrayList<>(input.requested());
        requested.sort(Comparator.comparing((InvalidationItem i) -> i.prefix().length()).thenComparing(i -> i));
        List<PlannedItem> kept = new ArrayList<>();
        for (InvalidationItem item : requested) {
            Optional<PlannedItem> outer = kept.stream().filter(k -> k.item().subsumes(item)).findFirst();
            if (outer.isPresent()) {
                outer.get().covers().add(item);
                continue;
            }
            Set<InvalidationItem> covers = new LinkedHashSet<>();
            covers.add(item);
            if (item.kind() == ItemKind.WILDCARD) {
                for (var it = remaining.iterator(); it.hasNext();) {
                    String path = it.next();
                    if (item.covers(path)) {
                        covers.add(InvalidationItem.path(path));
                        it.remove();
                    }
                }
            }
            long collateral = item.kind() == ItemKind.WILDCARD ? population.estimateUnder(item.prefix()) : 0;
            kept.add(new PlannedItem(item, covers, Math.max(0, collateral - (covers.size() - 1)), "requested"));
        }
        out.addAll(kept);
        int wideSlots = Math.max(0, input.freeWildcardSlots() - kept.stream()
                .filter(k -> k.item().kind() != ItemKind.PATH).mapToInt(k -> 1).sum());

        // 2. Cache tags that beat their paths.
        List<Map.Entry<String, Set<String>>> tags = new ArrayList<>(input.tagCandidates().entrySet());
        tags.sort(Comparator.comparing((Map.Entry<String, Set<String>> e) -> -e.getValue().size())
                .thenComparing(Map.Entry::getKey));
        for (var tag : tags) {
            if (wideSlots == 0) {
                break;
            }
            Set<String> uncovered = new TreeSet<>(tag.getValue());
            uncovered.retainAll(remaining);
            if (uncovered.size() < 2) {
                continue;
            }
            long tagged = population.estimateTagged(tag.getKey());
            long estimate = tagged >= 0 ? tagged : population.estimateUnder(commonDirectory(uncovered));
            long collateral = Math.max(0, estimate - uncovered.size());
            if (cost.wide(collateral) < uncovered.size()) {
                Set<InvalidationItem> covers = new LinkedHashSet<>();
                uncovered.forEach(p -> covers.add(InvalidationItem.path(p)));
                out.add(new PlannedItem(new InvalidationItem("#" + tag.getKey(), ItemKind.TAG), covers, collateral,
                        "tag carried by " + uncovered.size() + " changed objects"));
                remaining.removeAll(uncovered);
                wideSlots--;
            }
        }

        // 3. Directory trees per boundary, solved together over the free wildcard slots.
        Map<String, Node> roots = new TreeMap<>();
        List<String> unbounded = new ArrayList<>();
        for (String path : remaining) {
            Optional<String> bound = boundary.of(path);
            if (bound.isEmpty() || !path.startsWith(bound.get())) {
                unbounded.add(path);
                continue;
            }
            roots.computeIfAbsent(bound.get(), Node::new).add(path, bound.get().length());
        }
        for (Node root : roots.values()) {
            root.estimate(population, cost);
        }
        int k = Math.min(wideSlots, MAX_SLOTS);
        solve(roots.values(), unbounded.size(), k);
        List<Node> all = new ArrayList<>();
        roots.values().forEach(r -> r.collect(all));
        List<Node> chosen = all.stream().filter(Node::isChosen).toList();

        // 4. More exact paths than path slots: widen where paths plus their wait cost more.
        int exact = unbounded.size() + roots.values().stream().mapToInt(Node::exactCount).sum();
        int slotsLeft = wideSlots - chosen.size();
        while (exact > input.freePathSlots() && slotsLeft > 0) {
            int overflow = exact - input.freePathSlots();
            Node best = null;
            double bestBenefit = 0;
            for (Node node : all) {
                if (node.isChosen() || node.underChosen()) {
                    continue;
                }
                int removed = node.exactCount();
                if (removed < 2) {
                    continue;
                }
                double benefit = removed + cost.waitingPath() * Math.min(removed, overflow) - node.wildCost
                        + node.chosenBelow() * (1 + cost.wildcardSlot());
                if (benefit > bestBenefit) {
                    bestBenefit = benefit;
                    best = node;
                }
            }
            if (best == null) {
                break;
            }
            int freed = best.chosenBelow();
            exact -= best.exactCount();
            best.choose();
            slotsLeft = slotsLeft - 1 + freed;
        }

        for (Node root : roots.values()) {
            root.emit(out);
        }
        for (String path : unbounded) {
            out.add(new PlannedItem(InvalidationItem.path(path), new LinkedHashSet<>(Set.of(InvalidationItem.path(path))),
                    0, "exact"));
        }
        return new Plan(withoutSubsumed(out));
    }

    /** A requested wildcard inside a wildcard the tree chose is redundant: fold it (and what it covers) in. */
    private static List<PlannedItem> withoutSubsumed(List<PlannedItem> items) {
        List<PlannedItem> wide = items.stream().filter(i -> i.item().kind() == ItemKind.WILDCARD)
                .sorted(Comparator.comparing((PlannedItem i) -> i.item().prefix().length())).toList();
        if (wide.size() < 2) {
            return items;
        }
        List<PlannedItem> kept = new ArrayList<>();
        for (PlannedItem item : items) {
            PlannedItem outer = null;
            if (item.item().kind() != ItemKind.TAG) {
                for (PlannedItem w : wide) {
                    if (w != item && !w.item().equals(item.item()) && w.item().subsumes(item.item())) {
                        outer = w;
                        break;
                    }
                }
            }
            if (outer == null) {
                kept.add(item);
            } else {
                outer.covers().addAll(item.covers());
            }
        }
        return kept;
    }

    /** Wildcard slots the DP considers (CloudFront allows 15 in progress; a raised quota stays cheap up to this). */
    private static final int MAX_SLOTS = 100;

    /**
     * The exact minimum over the trees of one plan, with at most {@code k} wildcards: a knapsack over the
     * wildcard count, each directory either its wildcard or the best cover of its files and subdirectories
     * (min-plus convolution of the children's tables). Marks the chosen wildcards on the nodes.
     */
    private static void solve(Collection<Node> roots, int unbounded, int k) {
        double pathCost = 1;
        double[] total = new double[k + 1];
        java.util.Arrays.fill(total, unbounded * pathCost);
        List<int[]> splits = new ArrayList<>();
        for (Node root : roots) {
            splits.add(convolve(total, root.table(k, pathCost)));
        }
        int j = k;
        List<Node> list = new ArrayList<>(roots);
        for (int c = list.size() - 1; c >= 0; c--) {
            int given = splits.get(c)[j];
            list.get(c).assign(given);
            j -= given;
        }
    }

    /**
     * {@code into[j] = min over i of into[j - i] + g[i]} in place; returns the best {@code i} per {@code j}
     * (fewest wildcards on a tie).
     */
    private static int[] convolve(double[] into, double[] g) {
        int k = into.length - 1;
        double[] out = new double[k + 1];
        int[] split = new int[k + 1];
        for (int j = 0; j <= k; j++) {
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i <= j; i++) {
                double c = into[j - i] + g[i];
                if (c < best - 1e-9) {
                    best = c;
                    split[j] = i;
                }
            }
            out[j] = best;
        }
        System.arraycopy(out, 0, into, 0, k + 1);
        return split;
    }

    static String commonDirectory(Set<String> paths) {
        String common = null;
        for (String p : paths) {
            String dir = p.substring(0, p.lastIndexOf('/') + 1);
            if (common == null) {
                common = dir;
            } else {
                int i = 0;
                while (i < common.length() && i < dir.length() && common.charAt(i) == dir.charAt(i)) {
                    i++;
                }
                common = common.substring(0, common.lastIndexOf('/', Math.max(0, i - 1)) + 1);
            }
        }
        return common == null ? "/" : common;
    }

    /** A directory prefix inside one boundary; the wildcard candidate {@code prefix + "*"}. */
    private static final class Node {
        final String prefix;
        final Map<String, Node> children = new TreeMap<>();
        final List<String> direct = new ArrayList<>();
        Node parent;
        int n;
        long collateral;
        double wildCost;
        boolean wild;
        boolean[] wildAt;
        int[][] splits;

        Node(String prefix) {
            this.prefix = prefix;
        }

        void add(String path, int from) {
            n++;
            int slash = path.indexOf('/', from);
            if (slash < 0 || slash == path.length() - 1 && from == path.length()) {
                direct.add(path);
                return;
            }
            if (slash == path.length() - 1) {
                // A directory-index path "/a/b/" belongs to the node "/a/b/".
                String child = path;
                Node node = children.computeIfAbsent(child, Node::new);
                node.parent = this;
                node.n++;
                node.direct.add(path);
                return;
            }
            String child = path.substring(0, slash + 1);
            Node node = children.computeIfAbsent(child, Node::new);
            node.parent = this;
            node.add(path, slash + 1);
        }

        void estimate(ObjectPopulation population, CostModel cost) {
            collateral = Math.max(0, population.estimateUnder(prefix) - n);
            wildCost = cost.wide(collateral);
            children.values().forEach(c -> c.estimate(population, cost));
        }

        /**
         * {@code f[j]}: the cheapest cover of this subtree with at most {@code j} wildcards, each path at
         * {@code pathCost}; remembers how each {@code j} was reached, for {@link #assign}.
         */
        double[] table(int k, double pathCost) {
            double[] f = new double[k + 1];
            java.util.Arrays.fill(f, direct.size() * pathCost);
            splits = new int[children.size()][];
            int c = 0;
            for (Node child : children.values()) {
                double[] g = child.table(k, pathCost);
                splits[c++] = convolve(f, g);
            }
            wildAt = new boolean[k + 1];
            for (int j = 1; j <= k; j++) {
                if (wildCost < f[j]) {
                    f[j] = wildCost;
                    wildAt[j] = true;
                }
            }
            return f;
        }

        /** Applies the choice that reached {@code f[j]}. */
        void assign(int j) {
            wild = j > 0 && wildAt[j];
            List<Node> list = new ArrayList<>(children.values());
            for (int c = list.size() - 1; c >= 0; c--) {
                int given = wild ? 0 : splits[c][j];
                list.get(c).assign(given);
                j -= given;
            }
        }

        void collect(List<Node> into) {
            into.add(this);
            children.values().forEach(c -> c.collect(into));
        }

        boolean isChosen() {
            return wild;
        }

        boolean underChosen() {
            for (Node p = parent; p != null; p = p.parent) {
                if (p.wild) {
                    return true;
                }
            }
            return false;
        }

        int chosenBelow() {
            int count = 0;
            for (Node child : children.values()) {
                count += child.wild ? 1 : child.chosenBelow();
            }
            return count;
        }

        void choose() {
            children.values().forEach(Node::forceExact);
            wild = true;
        }

        void forceExact() {
            wild = false;
            children.values().forEach(Node::forceExact);
        }

        int exactCount() {
            if (wild) {
                return 0;
            }
            int count = direct.size();
            for (Node child : children.values()) {
                count += child.exactCount();
            }
            return count;
        }

        void emit(List<PlannedItem> out) {
            if (wild) {
                Set<InvalidationItem> covers = new LinkedHashSet<>();
                collectPaths(covers);
                out.add(new PlannedItem(InvalidationItem.wildcard(prefix), covers, collateral,
                        n + " changed under " + prefix + ", about " + collateral + " unchanged"));
                return;
            }
            for (String path : direct) {
                out.add(new PlannedItem(InvalidationItem.path(path), new LinkedHashSet<>(Set.of(InvalidationItem.path(path))),
                        0, "exact"));
            }
            children.values().forEach(c -> c.emit(out));
        }

        void collectPaths(Set<InvalidationItem> into) {
            direct.forEach(p -> into.add(InvalidationItem.path(p)));
            children.values().forEach(c -> c.collectPaths(into));
        }
    }

    /** Paths of a plan's items that cover nothing pending; for tests. */
    static Set<String> uncovered(Plan plan, Set<String> paths) {
        Set<String> left = new HashSet<>(paths);
        plan.items().forEach(i -> i.covers().forEach(c -> left.remove(c.value())));
        return left;
    }
}
