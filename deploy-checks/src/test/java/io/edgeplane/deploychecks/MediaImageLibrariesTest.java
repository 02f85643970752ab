package io.edgeplane.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The media-service image provides every shared library the natives it runs link (issue 14 item 5: the UBI
 * image lacked libpulse.so.0, so every video job failed in the container). The NEEDED entries are read from the
 * ELF files inside the very bytedeco jars media-service/pom.xml declares, followed through the libraries the
 * jars bundle; what is left must come from the base image (glibc) or from a package on the Dockerfile's
 * {@code microdnf install} line, and be in the build-time ldconfig verification loop.
 */
class MediaImageLibrariesTest {
    static final Path DOCKERFILE = Repo.path("media-service/src/main/docker/Dockerfile.jvm");

    /** System library (soname) → the UBI 9 / RHEL 9 package providing it. The one table of this check. */
    static final Map<String, String> PACKAGE_OF = Map.ofEntries(
            Map.entry("libpulse.so.0", "pulseaudio-libs"),
            Map.entry("libasound.so.2", "alsa-lib"),
            Map.entry("libxcb.so.1", "libxcb"),
            Map.entry("libxcb-shm.so.0", "libxcb"),
            Map.entry("libstdc++.so.6", "libstdc++"),
            Map.entry("libgcc_s.so.1", "libgcc"),
            Map.entry("libc.so.6", "glibc"),
            Map.entry("libm.so.6", "glibc"),
            Map.entry("libmvec.so.1", "glibc"),
            Map.entry("libdl.so.2", "glibc"),
            Map.entry("libpthread.so.0", "glibc"),
            Map.entry("librt.so.1", "glibc"),
            Map.entry("ld-linux-x86-64.so.2", "glibc"));

    /** Packages every UBI image has (the C library itself): never on the install line. */
    static final Set<String> BASE_PACKAGES = Set.of("glibc");

    /**
     * The natives the service runs, per jar ({@code artifactId[-classifier suffix]} → which ELF files are roots).
     * ffmpeg: everything (the ffmpeg/ffprobe programs run as child processes, and Loader.load(ffmpeg.class) loads
     * every av* library in-process to extract them). OpenCV: the modules the service imports (core, imgproc,
     * imgcodecs; not highgui, which would want GTK). OpenBLAS as opencv_core links it (libopenblas.so.0, not the
     * _nolapack variant) and JavaCPP's own.
     */
    record NativeJar(String artifact, String versionProperty, String classifierSuffix, Predicate<String> root) {
    }

    static final List<NativeJar> JARS = List.of(
            new NativeJar("ffmpeg", "ffmpeg.version", "-gpl", name -> true),
            new NativeJar("opencv", "opencv.version", "",
                    name -> name.matches("libjniopencv_(core|imgproc|imgcodecs)\\.so")),
            new NativeJar("openblas", "openblas.version", "", name -> name.equals("libjniopenblas.so")),
            new NativeJar("javacpp", "javacpp.version", "", name -> name.equals("libjnijavacpp.so")));

    // ---- the Dockerfile

    /** The RUN instructions, continuation lines joined. */
    static List<String> runInstructions(String dockerfile) {
        List<String> runs = new ArrayList<>();
        String joined = dockerfile.replaceAll("\\\\\\r?\\n", " ");
        for (String line : joined.split("\\r?\\n")) {
            if (line.strip().startsWith("RUN ")) {
                runs.add(line.strip().substring(4));
            }
        }
        return runs;
    }

    /** The packages of every {@code microdnf install} (or dnf/yum) command, options skipped. */
    static Set<String> installedPackages(String dockerfile) {
        Set<String> packages = new TreeSet<>();
        Pattern install = Pattern.compile("(?:micro)?dnf\\s+install\\s+([^&;|]*)|yum\\s+install\\s+([^&;|]*)");
        for (String run : runInstructions(dockerfile)) {
            Matcher m = install.matcher(run);
            while (m.find()) {
                String args = m.group(1) != null ? m.group(1) : m.group(2);
                Arrays.stream(args.trim().split("\\s+")).filter(a -> !a.isEmpty() && !a.startsWith("-"))
                        .forEach(packages::add);
            }
        }
        return packages;
    }

    /** The sonames the image build verifies with ldconfig ({@code for lib in …; do}). */
    static Set<String> verifiedLibraries(String dockerfile) {
        Set<String> libs = new TreeSet<>();
        Matcher m = Pattern.compile("for\\s+lib\\s+in\\s+([^;]*);\\s*do").matcher(String.join("\n", runInstructions(dockerfile)));
        while (m.find()) {
            libs.addAll(Arrays.asList(m.group(1).trim().split("\\s+")));
        }
        return libs;
    }

    // ---- the jars and their ELF files

    static String pomProperty(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as("media-service/pom.xml property %s", name).isTrue();
        String value = m.group(1).trim();
        Matcher ref = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (ref.find()) {
            ref.appendReplacement(resolved, Matcher.quoteReplacement(pomProperty(pom, ref.group(1))));
        }
        ref.appendTail(resolved);
        return resolved.toString();
    }

    static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    static Path jar(NativeJar nativeJar) {
        String pom = Repo.read(Repo.path("media-service/pom.xml"));
        String version = pomProperty(pom, nativeJar.versionProperty());
        String classifier = pomProperty(pom, "javacpp.platform") + nativeJar.classifierSuffix();
        return localRepository().resolve("org/bytedeco/" + nativeJar.artifact() + "/" + version + "/"
                + nativeJar.artifact() + "-" + version + "-" + classifier + ".jar");
    }

    /** A shared library or program inside a jar. */
    record Elf(String name, List<String> needed) {
    }

    /** Every ELF file of a jar, by file name. */
    static Map<String, Elf> elfFiles(Path jar) {
        Map<String, Elf> files = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                if (entry.isDirectory() || entry.getName().endsWith(".class")) {
                    continue;
                }
                byte[] bytes = zip.getInputStream(entry).readAllBytes();
                if (bytes.length > 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F') {
                    String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                    files.put(name, new Elf(name, needed(bytes, jar + "!" + entry.getName())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** DT_NEEDED entries of an ELF64 little-endian file (what {@code readelf -d} lists as NEEDED). */
    static List<String> needed(byte[] bytes, String where) {
        ByteBuffer elf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes[4]).as("%s is ELF64", where).isEqualTo((byte) 2);
        assertThat(bytes[5]).as("%s is little-endian", where).isEqualTo((byte) 1);
        long sectionHeaders = elf.getLong(0x28);
        int entrySize = Short.toUnsignedInt(elf.getShort(0x3A));
        int count = Short.toUnsignedInt(elf.getShort(0x3C));
        assertThat(count).as("%s has section headers", where).isPositive();
        List<String> needed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int header = (int) (sectionHeaders + (long) i * entrySize);
            if (elf.getInt(header + 4) != 6) { // SHT_DYNAMIC
                continue;
            }
            long offset = elf.getLong(header + 0x18);
            long size = elf.getLong(header + 0x20);
            int link = elf.getInt(header + 0x28);
            long strings = elf.getLong((int) (sectionHeaders + (long) link * entrySize) + 0x18);
            for (long entry = offset; entry + 16 <= offset + size; entry += 16) {
                long tag = elf.getLong((int) entry);
                if (tag == 0) {
                    break;
                }
                if (tag == 1) { // DT_NEEDED
                    int start = (int) (strings + elf.getLong((int) entry + 8));
                    int end = start;
                    while (bytes[end] != 0) {
                        end++;
                    }
                    needed.add(new String(bytes, start, end - start, StandardCharsets.US_ASCII));
                }
            }
        }
        return needed;
    }

    /** The system sonames the service's natives need: NEEDED followed through every library the jars bundle. */
    static Map<String, Set<String>> systemLibraries() {
        Map<String, Elf> bundled = new TreeMap<>();
        List<String> roots = new ArrayList<>();
        for (NativeJar nativeJar : JARS) {
            Path jar = jar(nativeJar);
            Repo.require(Files.isRegularFile(jar), jar + " is not in the local Maven repository (build media-service once)");
            Map<String, Elf> files = elfFiles(jar);
            bundled.putAll(files);
            files.keySet().stream().filter(nativeJar.root()).forEach(roots::add);
            assertThat(files.keySet().stream().filter(nativeJar.root())).as("roots in %s", jar.getFileName()).isNotEmpty();
        }
        Map<String, Set<String>> neededBy = new TreeMap<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(roots);
        while (!queue.isEmpty()) {
            String name = queue.pop();
            if (!seen.add(name)) {
                continue;
            }
            for (String lib : bundled.get(name).needed()) {
                // A library a jar bundles is found next to its user (RUNPATH $ORIGIN, JavaCPP's cache), except
                // libgcc_s, which OpenBLAS bundles but ffmpeg's directory does not: count it as a system library.
                if (bundled.containsKey(lib) && !PACKAGE_OF.containsKey(lib)) {
                    queue.add(lib);
                } else {
                    neededBy.computeIfAbsent(lib, k -> new TreeSet<>()).add(name);
                }
            }
        }
        return neededBy;
    }

    @Test
    void theImageInstallsAPackageForEverySystemLibraryTheBundledNativesLink() {
        Map<String, Set<String>> system = systemLibraries();
        String dockerfile = Repo.read(DOCKERFILE);
        Set<String> installed = installedPackages(dockerfile);
        Set<String> verified = verifiedLibraries(dockerfile);
        assertThat(system).as("the ffmpeg program's own needs are seen").containsKey("libpulse.so.0");
        SoftAssertions soft = new SoftAssertions();
        for (var e : system.entrySet()) {
            String lib = e.getKey();
            String pkg = PACKAGE_OF.get(lib);
            soft.assertThat(pkg).as("%s (needed by %s) has a package in MediaImageLibrariesTest.PACKAGE_OF", lib, e.getValue())
                    .isNotNull();
            if (pkg == null || BASE_PACKAGES.contains(pkg)) {
                continue;
            }
            soft.assertThat(installed).as("Dockerfile.jvm installs %s for %s (needed by %s)", pkg, lib, e.getValue())
                    .contains(pkg);
            soft.assertThat(verified).as("Dockerfile.jvm's ldconfig loop verifies %s", lib).contains(lib);
        }
        soft.assertAll();
    }

    @Test
    void theDockerfileParserReadsTheInstallLineAndTheLdconfigLoop() {
        String dockerfile = """
                FROM x
                RUN microdnf install -y --nodocs a-libs \\
                      b c && microdnf clean all \\
                    && for lib in liba.so.1 libb.so.2; do ldconfig -p | grep -q "$lib "; done
                RUN echo install nothing
                """;
        assertThat(installedPackages(dockerfile)).containsExactly("a-libs", "b", "c");
        assertThat(verifiedLibraries(dockerfile)).containsExactly("liba.so.1", "libb.so.2");
    }
}
