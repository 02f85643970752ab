package io.edgeplane.bench.invalidation;

import io.edgeplane.invalidation.domain.Boundary;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * The exact minimum of the cost model for one window's changed items on one distribution: every changed
 * item (file paths and directory URLs) covered by exact paths or by directory wildcards that stay inside
 * their boundary ({@link Boundary}), with true object counts. Cost = paths + per wildcard (1 + slot +
 * price x unchanged objects under it).
 *
 * <p>A DP over the directory trie of the changed items, with the number of wildcards as the knapsack
 * dimension (0..free wildcard slots, at most 15): each node's table is the min-plus convolution of its
 * children's, or its own wildcard. Unchanged objects enter only through the exact count under each
 * directory, which is all a wildcard's collateral depends on. The path quota (free path slots) is met by a
 * Lagrangian price per path when the unconstrained optimum sends too many paths: that solution is feasible
 * but not proven optimal ({@link Solution#lagrangian}). Wildcards are directory prefixes, as the planner
 * uses; a file-name prefix ({@code /a/f1*}) is not considered.
 */
final class WindowOptimum {
    private WindowOptimum() {
    }

    record Solution(double cost, long paths, long wildcards, long collateral, boolean lagrangian) {
        long billed() {
            return paths + wildcards;
        }
    }

    /** A table entry: cost with the Lagrangian path price, and what it is made of. */
    private record Entry(double priced, long paths, long wildcards, long collateral) {
        static final Entry NONE = new Entry(Double.POSITIVE_INFINITY, 0, 0, 0);

        Entry plus(Entry o) {
            return new Entry(priced + o.priced, paths + o.paths, wildcards + o.wildcards, collateral + o.collateral);
        }
    }

    private static final class Node {
        final String prefix;
        final TreeMap<String, Node> children = new TreeMap<>();
        int direct;
        long changedObjects;

        Node(String prefix) {
            this.prefix = prefix;
        }
    }

    /**
     * @param items          changed items (encoded paths, directory URLs end in {@code /}), no duplicates
     * @param objectsUnder   true number of objects under a directory prefix
     * @param zeroCollateral only wildcards that invalidate no unchanged object
     */
    static Solution solve(Collection<String> items, Boundary boundary, ToLongFunction<String> objectsUnder,
            double price, double slot, int freeWildcards, int freePaths, boolean zeroCollateral) {
        TreeMap<String, Node> roots = new TreeMap<>();
        int loose = 0;
        for (String item : items) {
            Optional<String> bound = boundary.of(item);
            if (bound.isEmpty() || !item.startsWith(bound.get())) {
                loose++;
                continue;
            }
            Node node = roots.computeIfAbsent(bound.get(), Node::new);
            node.changedObjects += item.endsWith("/") ? 0 : 1;
            for (int from = bound.get().length(), slash; (slash = item.indexOf('/', from)) >= 0; from = slash + 1) {
                String dir = item.substring(0, slash + 1);
                node = node.children.computeIfAbsent(dir, Node::new);
                node.changedObjects += item.endsWith("/") ? 0 : 1;
            }
            node.direct++;
        }
        int k = Math.max(0, freeWildcards);
        Solution best = solve(roots, loose, objectsUnder, price, slot, k, 0, zeroCollateral);
        if (best.paths() <= freePaths) {
            return best;
        }
        // Path quota binding: raise a price per path until the solution fits.
        double lo = 0;
        double hi = 1;
        while (solve(roots, loose, objectsUnder, price, slot, k, hi, zeroCollateral).paths() > freePaths && hi < 1e7) {
            hi *= 2;
        }
        for (int i = 0; i < 30; i++) {
            double mid = (lo + hi) / 2;
            if (solve(roots, loose, objectsUnder, price, slot, k, mid, zeroCollateral).paths() > freePaths) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Solution s = solve(roots, loose, objectsUnder, price, slot, k, hi, zeroCollateral);
        return new Solution(s.cost(), s.paths(), s.wildcards(), s.collateral(), true);
    }

    private static Solution solve(TreeMap<String, Node> roots, int loose, ToLongFunction<String> objectsUnder,
            double price, double slot, int k, double lambda, boolean zeroCollateral) {
        Entry[] total = exact(loose, k, lambda);
        for (Node root : roots.values()) {
            total = convolve(total, table(root, objectsUnder, price, slot, k, lambda, zeroCollateral));
        }
        Entry e = total[k];
        return new Solution(e.priced() - lambda * e.paths(), e.paths(), e.wildcards(), e.collateral(), false);
    }

    private static Entry[] table(Node node, ToLongFunction<String> objectsUnder, double price, double slot, int k,
            double lambda, boolean zeroCollateral) {
        Entry[] f = exact(node.direct, k, lambda);
        for (Node child : node.children.values()) {
            f = convolve(f, table(child, objectsUnder, price, slot, k, lambda, zeroCollateral));
        }
        long collateral = Math.max(0, objectsUnder.applyAsLong(node.prefix) - node.changedObjects);
        if (k >= 1 && (!zeroCollateral || collateral == 0)) {
            Entry wild = new Entry(1 + slot + price * collateral, 0, 1, collateral);
            for (int j = 1; j <= k; j++) {
                if (wild.priced() < f[j].priced()) {
                    f[j] = wild;
                }
            }
        }
        return f;
    }

    private static Entry[] exact(int paths, int k, double lambda) {
        Entry[] f = new Entry[k + 1];
        Arrays.fill(f, new Entry(paths * (1 + lambda), paths, 0, 0));
        return f;
    }

    /** Min-plus convolution over the wildcard count; entries are "at most j wildcards", so non-increasing. */
    private static Entry[] convolve(Entry[] a, Entry[] b) {
        int k = a.length - 1;
        Entry[] out = new Entry[k + 1];
        for (int j = 0; j <= k; j++) {
            Entry best = Entry.NONE;
            for (int i = 0; i <= j; i++) {
                Entry c = a[i].plus(b[j - i]);
                if (c.priced() < best.priced()) {
                    best = c;
                }
            }
            out[j] = best;
        }
        return out;
    }
}
