package io.edgeplane.distributor.deployment;

import io.edgeplane.distributor.deployment.domain.BuildFile;
import io.edgeplane.distributor.deployment.domain.KeyOrder;
import io.edgeplane.distributor.deployment.domain.LiveFile;
import io.edgeplane.distributor.deployment.domain.SortedEntries;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import org.jboss.logging.Logger;

/**
 * Entries spooled to a temporary file as they stream in (a listing page, a manifest being parsed), then
 * read back as often as a sync needs: the heap holds a buffer, never the entries. Entries arriving in
 * {@link KeyOrder} (S3's listing order, and the order the distributor writes manifests in) are kept as they
 * come, a key repeated in a row once. An input in another order (an S3-compatible store that lists in
 * UTF-16 order, a manifest written before manifests were sorted by code point) is sorted once when
 * finished — in memory, the one case that costs memory by file count — and said so in the log.
 */
public final class FileSpool<T> implements SortedEntries<T> {
    private static final Logger LOG = Logger.getLogger(FileSpool.class);
    private static final int BUFFER = 64 * 1024;

    /** How one entry is written and read back. */
    public interface Codec<T> {
        String key(T entry);

        void write(DataOutputStream out, T entry) throws IOException;

        T read(DataInputStream in) throws IOException;
    }

    private final Codec<T> codec;
    private final Path file;
    private final long size;

    private FileSpool(Codec<T> codec, Path file, long size) {
        this.codec = codec;
        this.file = file;
        this.size = size;
    }

    /** Starts a spool of {@code what} (named in the log if it has to be sorted). */
    public static <T> Writer<T> writer(Codec<T> codec, String what) {
        return new Writer<>(codec, what);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Cursor<T> open() {
        DataInputStream in;
        try {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Cursor<>() {
            private long read;

            @Override
            public boolean hasNext() {
                return read < size;
            }

            @Override
            public T next() {
                if (read >= size) {
                    throw new NoSuchElementException();
                }
                try {
                    T entry = codec.read(in);
                    read++;
                    return entry;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void close() {
                try {
                    in.close();
                } catch (IOException e) {
                    // a read-only local file: nothing to recover
                }
            }
        };
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("could not delete spool file %s: %s", file, e.getMessage());
        }
    }

    /** Takes entries one at a time; {@link #finish} gives the spool to read. */
    public static final class Writer<T> implements AutoCloseable {
        private final Codec<T> codec;
        private final String what;
        private final Path file;
        private DataOutputStream out;
        private String last;
        private boolean disordered;
        private long size;

        private Writer(Codec<T> codec, String what) {
            this.codec = codec;
            this.what = what;
            try {
                this.file = Files.createTempFile("edgeplane-spool-", ".bin");
                this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void add(T entry) {
            String key = codec.key(entry);
            if (last != null) {
                int order = KeyOrder.compare(key, last);
                if (order == 0) {
                    return; // a page that starts again with the previous page's last key
                }
                disordered |= order < 0;
            }
            last = key;
            try {
                codec.write(out, entry);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            size++;
        }

        public FileSpool<T> finish() {
            try {
                out.close();
                out = null;
                FileSpool<T> spool = new FileSpool<>(codec, file, size);
                return disordered ? sorted(spool) : spool;
            } catch (IOException e) {
                close();
                throw new UncheckedIOException(e);
            }
        }

        private FileSpool<T> sorted(FileSpool<T> spool) {
            LOG.warnf("%s was not in UTF-8 binary key order (%d entries): sorted in memory", what, size);
            List<T> all = new ArrayList<>((int) size);
            try (Cursor<T> cursor = spool.open()) {
                cursor.forEachRemaining(all::add);
            }
            spool.close();
            all.sort(Comparator.comparing(codec::key, KeyOrder.UTF8)); // stable: the first of equal keys stays first
            Writer<T> again = new Writer<>(codec, what);
            all.forEach(again::add);
            all.clear();
            return again.finish();
        }

        /** Drops the spool if {@link #finish} was not reached (a failed listing). */
        @Override
        public void close() {
            if (out != null) {
                try {
                    out.close();
                    out = null;
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.debugf("could not delete spool file %s: %s", file, e.getMessage());
                }
            }
        }
    }

    /** Build files: path, content hash, size. */
    public static final Codec<BuildFile> BUILD_FILES = new Codec<>() {
        @Override
        public String key(BuildFile entry) {
            return entry.path();
        }

        @Override
        public void write(DataOutputStream out, BuildFile f) throws IOException {
            out.writeUTF(f.path());
            out.writeUTF(f.contentHash());
            out.writeLong(f.size());
        }

        @Override
        public BuildFile read(DataInputStream in) throws IOException {
            return new BuildFile(in.readUTF(), in.readUTF(), in.readLong());
        }
    };

    /** Manifest entries: every field of {@link LiveFile}, nulls kept. */
    public static final Codec<LiveFile> LIVE_FILES = new Codec<>() {
        @Override
        public String key(LiveFile entry) {
            return entry.path();
        }

        @Override
        public void write(DataOutputStream out, LiveFile f) throws IOException {
            out.writeUTF(f.path());
            out.writeUTF(f.contentHash());
            out.writeLong(f.size());
            writeNullable(out, f.cacheControl());
            writeNullable(out, f.contentType());
            out.writeInt(f.cacheTags().size());
            for (String tag : f.cacheTags()) {
                out.writeUTF(tag);
            }
        }

        @Override
        public LiveFile read(DataInputStream in) throws IOException {
            String path = in.readUTF();
            String hash = in.readUTF();
            long size = in.readLong();
            String cacheControl = readNullable(in);
            String contentType = readNullable(in);
            int tags = in.readInt();
            List<String> cacheTags = new ArrayList<>(tags);
            for (int i = 0; i < tags; i++) {
                cacheTags.add(in.readUTF());
            }
            return new LiveFile(path, hash, size, cacheControl, contentType, cacheTags);
        }
    };

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return in.readUTF();
    }
}
