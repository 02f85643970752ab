package io.edgeplane.local.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * One ListObjectsV2 page over a bucket stored one file per object ({@code <bucket>/<key>}, as S3Proxy's
 * filesystem-nio2 store keeps it), read in key order straight from the directories instead of collecting and
 * sorting every key under the prefix.
 *
 * <p>Why: S3Proxy 4.1.0 builds the sorted set of all keys under the prefix (with each file's xattrs) for every page,
 * so a page costs O(keys under the prefix) in time and heap; at 200,000 keys it does not answer. Here a page reads
 * only the directories on the path to the continuation point and those it returns entries from, and stats only
 * the files it returns: its cost is bounded by the page size and the size of the directories it touches, not by the
 * number of keys under the prefix.
 *
 * <p>Order is S3's (UTF-8 bytes, the same as code points). A directory {@code d} sorts as {@code d/}, so {@code d-x}
 * comes before the keys under {@code d/} and {@code d0} after them. Names S3Proxy keeps for itself are skipped as it
 * skips them. Requests outside what this handles ({@link #handles}) are left to S3Proxy.
 */
public final class SortedListing {
    /** Code point order, which is UTF-8 byte order (S3's); String.compareTo differs above U+FFFF. */
    public static final Comparator<String> KEY_ORDER = SortedListing::compareKeys;

    private static final String MULTIPART_PREFIX = ".mpus-";
    private static final String SLASH_BLOB = ".s3proxy-slash";
    private static final String VERSIONS_DIR = ".s3proxy-versions";

    /** An entry of a page: an object (a file, or a directory marker {@code key/}) or a common prefix. */
    public record Entry(String key, Path path, Kind kind, BasicFileAttributes attributes) {
    }

    public enum Kind { OBJECT, DIRECTORY_MARKER, COMMON_PREFIX }

    /** Entries in key order; truncated when more follow (then the last entry's key is the continuation token). */
    public record Page(List<Entry> entries, boolean truncated) {
        public Optional<String> nextToken() {
            return truncated ? Optional.of(entries.getLast().key()) : Optional.empty();
        }
    }

    /** Tells whether a directory is a marker object ({@code key/} stored with its own metadata). */
    @FunctionalInterface
    public interface MarkerTest {
        boolean isMarker(Path directory);
    }

    private final Path container;
    private final MarkerTest markers;

    public SortedListing(Path container, MarkerTest markers) {
        this.container = container;
        this.markers = markers;
    }

    /**
     * Whether this listing answers the request: no delimiter or "/", and a prefix that maps onto directories
     * one to one (no empty, "." or ".." segments); S3Proxy answers the rest its own way.
     */
    public static boolean handles(String prefix, String delimiter) {
        if (delimiter != null && !delimiter.isEmpty() && !delimiter.equals("/")) {
            return false;
        }
        if (prefix == null || prefix.isEmpty()) {
            return true;
        }
        int end = prefix.lastIndexOf('/');
        if (end < 0) {
            return !prefix.equals(".") && !prefix.equals("..");
        }
        for (String segment : prefix.substring(0, end).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The page of at most maxKeys entries after {@code after} (a continuation token or start-after, exclusive).
     * With delimiter "/", directories below the prefix's own are common prefixes and are not read.
     */
    public Page page(String prefix, String delimiter, String after, int maxKeys) throws IOException {
        prefix = prefix == null ? "" : prefix;
        boolean delimited = "/".equals(delimiter);
        if (maxKeys <= 0) {
            return new Page(List.of(), false);
        }
        int cut = prefix.lastIndexOf('/') + 1;
        String rel = prefix.substring(0, cut);
        String namePrefix = prefix.substring(cut);
        if (after != null && !after.startsWith(rel) && compareKeys(after, rel) > 0) {
            return new Page(List.of(), false); // everything under rel sorts before after
        }
        Path start = rel.isEmpty() ? container : container.resolve(rel);
        List<Entry> entries = new ArrayList<>(Math.min(maxKeys + 1, 1001));
        // S3Proxy lists the prefix's own directory marker first (it is the smallest key under the prefix).
        if (!rel.isEmpty() && namePrefix.isEmpty() && (after == null || compareKeys(rel, after) > 0)) {
            attributes(start).filter(a -> a.isDirectory() && markers.isMarker(start))
                    .ifPresent(a -> entries.add(new Entry(rel, start, Kind.DIRECTORY_MARKER, a)));
        }
        Deque<Cursor> stack = new ArrayDeque<>();
        Cursor top = Cursor.open(start, rel, namePrefix, bound(after, rel), delimited, rel.isEmpty());
        if (top != null) {
            stack.push(top);
        }
        while (!stack.isEmpty() && entries.size() <= maxKeys) {
            Cursor cursor = stack.peek();
            Item item = cursor.next();
            if (item == null) {
                stack.pop();
                continue;
            }
            String key = cursor.rel + item.sortKey;
            if (!item.attributes.isDirectory()) {
                entries.add(new Entry(key, item.path, Kind.OBJECT, item.attributes));
            } else if (delimited) {
                entries.add(new Entry(key, item.path, Kind.COMMON_PREFIX, item.attributes));
            } else {
                // A marker sorts before everything under its directory; the contents follow from a new cursor.
                if ((after == null || compareKeys(key, after) > 0) && markers.isMarker(item.path)) {
                    entries.add(new Entry(key, item.path, Kind.DIRECTORY_MARKER, item.attributes));
                }
                Cursor child = Cursor.open(item.path, key, "", bound(after, key), false, false);
                if (child != null) {
                    stack.push(child);
                }
            }
        }
        boolean truncated = entries.size() > maxKeys;
        return new Page(truncated ? List.copyOf(entries.subList(0, maxKeys)) : List.copyOf(entries), truncated);
    }

    /** The part of after inside the directory whose keys start with rel, or null when all its keys come after it. */
    private static String bound(String after, String rel) {
        return after != null && after.startsWith(rel) ? after.substring(rel.length()) : null;
    }

    private static Optional<BasicFileAttributes> attributes(Path path) {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty(); // removed while listing: S3 would not list it either
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Item(String sortKey, Path path, BasicFileAttributes attributes) {
    }

    /**
     * One directory's entries in key order. Names are read once and sorted as names (no stat); a name is stat-ed
     * only when it is about to be returned, to learn whether it sorts as {@code name} or {@code name/}. A directory's
     * later position is honoured with a small queue: an item leaves it only when no unread name can sort before it.
     */
    private static final class Cursor {
        final Path dir;
        final String rel;
        final String bound;
        final boolean delimited;
        final String[] names;
        int next;
        final PriorityQueue<Item> ready = new PriorityQueue<>(Comparator.comparing(Item::sortKey, KEY_ORDER));

        private Cursor(Path dir, String rel, String bound, boolean delimited, String[] names) {
            this.dir = dir;
            this.rel = rel;
            this.bound = bound;
            this.delimited = delimited;
            this.names = names;
        }

        static Cursor open(Path dir, String rel, String namePrefix, String bound, boolean delimited, boolean root)
                throws IOException {
            List<String> kept = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                for (Path child : stream) {
                    String name = child.getFileName().toString();
                    if (name.startsWith(MULTIPART_PREFIX) || name.equals(SLASH_BLOB) || (root && name.equals(VERSIONS_DIR))
                            || !name.startsWith(namePrefix) || before(name, bound)) {
                        continue;
                    }
                    kept.add(name);
                }
            } catch (NoSuchFileException | NotDirectoryException e) {
                return null;
            }
            String[] names = kept.toArray(String[]::new);
            Arrays.sort(names, KEY_ORDER);
            return new Cursor(dir, rel, bound, delimited, names);
        }

        /**
         * Whether every key the name can stand for (name itself, or name/...) is at or before bound, decided from the
         * name alone: true only when even name/ sorts before bound without bound lying under name/.
         */
        static boolean before(String name, String bound) {
            if (bound == null) {
                return false;
            }
            String asDir = name + "/";
            return compareKeys(asDir, bound) <= 0 && !bound.startsWith(asDir);
        }

        Item next() {
            while (next < names.length && (ready.isEmpty() || compareKeys(names[next], ready.peek().sortKey) < 0)) {
                String name = names[next++];
                Path path = dir.resolve(name);
                Optional<BasicFileAttributes> found = attributes(path);
                if (found.isEmpty()) {
                    continue;
                }
                BasicFileAttributes a = found.get();
                String sortKey = a.isDirectory() ? name + "/" : name;
                if (bound != null && !after(sortKey, a.isDirectory())) {
                    continue;
                }
                ready.add(new Item(sortKey, path, a));
            }
            return ready.poll();
        }

        /** Whether the entry has keys after bound: a file or common prefix itself, a directory also through its contents. */
        private boolean after(String sortKey, boolean directory) {
            if (compareKeys(sortKey, bound) > 0) {
                return true;
            }
            return directory && !delimited && bound.startsWith(sortKey); // after lies inside: read on from there
        }
    }

    public static int compareKeys(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
