package io.edgeplane.local.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Objects and bytes the endpoint holds, counted once from disk at start (a fresh stack: nothing) and then kept up
 * to date by each write and removal, so that `./edgeplane status` reads one small file instead of walking every
 * object. The file ({@code .edgeplane/s3/objects}: "objects bytes") is rewritten at most once a second.
 * Exact as long as two writers do not race on the same key (then one change may be counted twice).
 */
final class ObjectCount {
    private final Path root;
    private final Path file;
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong version = new AtomicLong();

    ObjectCount(Path root, Path file) {
        this.root = root;
        this.file = file;
    }

    long objects() {
        return objects.get();
    }

    long bytes() {
        return bytes.get();
    }

    /** Size of the object's file, or -1 when there is none. */
    static long sizeOf(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return a.isRegularFile() ? a.size() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** One key went from before to after (sizes, -1 for absent). */
    void changed(long before, long after) {
        long dObjects = (after >= 0 ? 1 : 0) - (before >= 0 ? 1 : 0);
        long dBytes = Math.max(after, 0) - Math.max(before, 0);
        if (dObjects != 0 || dBytes != 0) {
            objects.addAndGet(dObjects);
            bytes.addAndGet(dBytes);
            version.incrementAndGet();
        }
    }

    /** Counts from disk: each bucket's files, without S3Proxy's own (multipart parts, dot-directories). */
    synchronized void recount() {
        long[] total = new long[2];
        try (var buckets = Files.list(root)) {
            for (Path bucket : (Iterable<Path>) buckets::iterator) {
                if (!Files.isDirectory(bucket)) {
                    continue;
                }
                Files.walkFileTree(bucket, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return !dir.equals(bucket) && own(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile() && !own(f)) {
                            total[0]++;
                            total[1] += attrs.size();
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path f, IOException e) {
                        return FileVisitResult.CONTINUE; // removed while counting
                    }
                });
            }
        } catch (NoSuchFileException e) {
            // no data directory yet: nothing stored
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        objects.set(total[0]);
        bytes.set(total[1]);
        version.incrementAndGet();
    }

    private static boolean own(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith(".s3proxy") || name.startsWith(".mpus-");
    }

    /** Writes the file when the count changed since the last write; called once a second. */
    void publish(long[] lastVersion) {
        long v = version.get();
        if (v == lastVersion[0]) {
            return;
        }
        lastVersion[0] = v;
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, objects.get() + " " + bytes.get() + "\n");
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            lastVersion[0] = -1; // try again next time
        }
    }
}
