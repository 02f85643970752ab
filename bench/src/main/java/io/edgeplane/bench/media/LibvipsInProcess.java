package io.edgeplane.bench.media;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * libvips run in this process (the system's libvips.so.42, Debian libvips42, through the JDK's FFM API:
 * no binding library): the job as a libvips program would do it. One {@code vips_thumbnail} of the file
 * to the largest box (shrink-on-load, lanczos3) kept in memory, the smaller sizes by
 * {@code vips_thumbnail_image} from it, each size saved to memory as JPEG and WebP with the same options
 * as the CLI route; the saves run on the caller's pool with libvips' own concurrency set to 1, as the
 * service's encodes run on its pool.
 */
final class LibvipsInProcess {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final ValueLayout.OfLong SIZE_T = ValueLayout.JAVA_LONG;
    private final MethodHandle thumbnail;
    private final MethodHandle thumbnailImage;
    private final MethodHandle copyMemory;
    private final MethodHandle writeToBuffer;
    private final MethodHandle unref;
    private final MethodHandle free;
    private final MethodHandle errorBuffer;

    LibvipsInProcess() {
        Arena global = Arena.global();
        SymbolLookup vips = SymbolLookup.libraryLookup("libvips.so.42", global);
        SymbolLookup gobject = SymbolLookup.libraryLookup("libgobject-2.0.so.0", global);
        SymbolLookup glib = SymbolLookup.libraryLookup("libglib-2.0.so.0", global);
        MethodHandle init = LINKER.downcallHandle(vips.findOrThrow("vips_init"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        MethodHandle concurrency = LINKER.downcallHandle(vips.findOrThrow("vips_concurrency_set"),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
        // int vips_thumbnail(const char *filename, VipsImage **out, int width, "height", int, NULL)
        thumbnail = LINKER.downcallHandle(vips.findOrThrow("vips_thumbnail"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(3));
        thumbnailImage = LINKER.downcallHandle(vips.findOrThrow("vips_thumbnail_image"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(3));
        copyMemory = LINKER.downcallHandle(vips.findOrThrow("vips_image_copy_memory"),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        // int vips_image_write_to_buffer(VipsImage *in, const char *suffix, void **buf, size_t *size, NULL)
        writeToBuffer = LINKER.downcallHandle(vips.findOrThrow("vips_image_write_to_buffer"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(4));
        errorBuffer = LINKER.downcallHandle(vips.findOrThrow("vips_error_buffer"), FunctionDescriptor.of(ValueLayout.ADDRESS));
        unref = LINKER.downcallHandle(gobject.findOrThrow("g_object_unref"), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
        free = LINKER.downcallHandle(glib.findOrThrow("g_free"), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            if ((int) init.invokeExact(arena.allocateFrom("edgeplane-bench")) != 0) {
                throw new IllegalStateException("vips_init failed");
            }
            concurrency.invokeExact(1);
        } catch (Throwable e) {
            throw new IllegalStateException("libvips cannot start in this process (libvips42 installed?)", e);
        }
    }

    /** role.extension -> encoded bytes, for boxes given largest first. */
    Map<String, byte[]> render(String file, List<Box> boxes, boolean webp, ExecutorService pool) {
        List<MemorySegment> images = new ArrayList<>();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Box largest = boxes.getFirst();
            check((int) thumbnail.invokeExact(arena.allocateFrom(file), out, largest.size(), arena.allocateFrom("height"),
                    largest.size(), MemorySegment.NULL), "vips_thumbnail");
            MemorySegment lazy = out.get(ValueLayout.ADDRESS, 0);
            // Decoded once, into memory: every smaller size and every save reads these pixels.
            MemorySegment decoded = (MemorySegment) copyMemory.invokeExact(lazy);
            unref.invokeExact(lazy);
            if (decoded.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("vips_image_copy_memory: " + error());
            }
            images.add(decoded);
            Map<Box, MemorySegment> sized = new LinkedHashMap<>();
            sized.put(largest, decoded);
            for (Box box : boxes.subList(1, boxes.size())) {
                check((int) thumbnailImage.invokeExact(decoded, out, box.size(), arena.allocateFrom("height"), box.size(),
                        MemorySegment.NULL), "vips_thumbnail_image");
                MemorySegment resized = out.get(ValueLayout.ADDRESS, 0);
                // Resized once (not once per format): the JPEG and WebP saves of a size read the same pixels.
                MemorySegment image = (MemorySegment) copyMemory.invokeExact(resized);
                unref.invokeExact(resized);
                images.add(image);
                sized.put(box, image);
            }
            Map<String, Future<byte[]>> saves = new LinkedHashMap<>();
            sized.forEach((box, image) -> {
                saves.put(box.role() + ".jpg", pool.submit(() -> save(image, ".jpg[Q=85,optimize_coding,strip]")));
                if (webp) {
                    saves.put(box.role() + ".webp", pool.submit(() -> save(image, ".webp[Q=80,strip]")));
                }
            });
            Map<String, byte[]> result = new LinkedHashMap<>();
            for (var save : saves.entrySet()) {
                result.put(save.getKey(), save.getValue().get());
            }
            return result;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        } finally {
            for (MemorySegment image : images) {
                try {
                    unref.invokeExact(image);
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private byte[] save(MemorySegment image, String suffix) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment size = arena.allocate(SIZE_T);
            check((int) writeToBuffer.invokeExact(image, arena.allocateFrom(suffix), buffer, size, MemorySegment.NULL),
                    "vips_image_write_to_buffer " + suffix);
            long length = size.get(SIZE_T, 0);
            MemorySegment data = buffer.get(ValueLayout.ADDRESS, 0).reinterpret(length);
            try {
                return data.toArray(ValueLayout.JAVA_BYTE);
            } finally {
                free.invokeExact(data);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private void check(int status, String what) throws Throwable {
        if (status != 0) {
            throw new IllegalStateException(what + " failed: " + error());
        }
    }

    private String error() throws Throwable {
        MemorySegment text = (MemorySegment) errorBuffer.invokeExact();
        return text.reinterpret(4096).getString(0);
    }

    /** One output size: role name and square box. */
    record Box(String role, int size) {
    }
}
