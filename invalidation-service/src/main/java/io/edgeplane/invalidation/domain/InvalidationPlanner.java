package io.edgeplane.invalidation.domain;

import java.util.ArrayList;
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
 * <li>per boundary ({@code /tenants/{id}/}, {@code /data/}...), a tree of directory prefixes is
 * solved bottom-up: each directory is either its wildcard (1 item + a slot + collateral) or the
 * best cover of its files and subdirectories; never above the boundary, never {@code /*};</li>
 * <li>if more wildcards won than slots are free, the ones that save least go back to exact paths;</li>
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

        // 3. Directory trees per boundary.
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
        List<Node> all = new ArrayList<>();
        for (Node root : roots.values()) {
            root.solve(population, cost, all);
        }
        List<Node> chosen = new ArrayList<>();
        for (Node root : roots.values()) {
            root.collectChosen(chosen);
        }

        // 4. More wildcards than slots: keep those that save most.
        if (chosen.size() > wideSlots) {
            chosen.sort(Comparator.comparingDouble((Node n) -> -(n.n - n.wildCost)).thenComparing(n -> n.prefix));
            for (Node dropped : chosen.subList(wideSlots, chosen.size())) {
                dropped.forceExact();
            }
            chosen = new ArrayList<>(chosen.subList(0, wideSlots));
        }

        // 5. More exact paths than path slots: widen where paths plus their wait cost more.
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
        double best;
        boolean wild;

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

        void solve(ObjectPopulation population, CostModel cost, List<Node> all) {
            double exact = direct.size();
            for (Node child : children.values()) {
                child.solve(population, cost, all);
                exact += child.best;
            }
            collateral = Math.max(0, population.estimateUnder(prefix) - n);
            wildCost = cost.wide(collateral);
            wild = wildCost < exact;
            best = wild ? wildCost : exact;
            all.add(this);
        }

        void collectChosen(List<Node> chosen) {
            if (wild) {
                chosen.add(this);
                return;
            }
            children.values().forEach(c -> c.collectChosen(chosen));
        }

        void forceExact() {
            wild = false;
            children.values().forEach(Node::forceExact);
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
