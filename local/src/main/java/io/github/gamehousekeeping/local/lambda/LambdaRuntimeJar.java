package io.github.gamehousekeeping.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * The class path of an emulated Lambda runtime, as one jar: {@link LambdaWorkerMain}, the runtime API
 * (aws-lambda-java-core) and aws-lambda-java-serialization with its shaded dependencies: what the Lambda Java runtime
 * puts before the function's code, and nothing else of this JVM's class path (no unshaded Jackson, no SDK, no DynamoDB
 * Local), so a function that needs a class its jar lacks fails here as it fails on AWS.
 *
 * <p>Copied from wherever this JVM loaded those classes (housekeeping-local.jar, or the build's class folders and
 * Maven jars), entries stored uncompressed. The file name carries a digest of those sources (path, size, time), so a
 * jar written for another build is never reused, and an existing one is never rewritten: the class-data-sharing
 * archive of an environment records the jar's size and time and is only mapped while they are unchanged.
 */
public final class LambdaRuntimeJar {
    private static final String WORKER_PACKAGE = LambdaWorkerMain.class.getPackageName().replace('.', '/') + "/";
    private static final String WORKER = WORKER_PACKAGE + LambdaWorkerMain.class.getSimpleName();
    private static final String RUNTIME_PACKAGE = "com/amazonaws/services/lambda/runtime/";
    /** The runtime's shaded Jackson, Joda-Time, Gson and org.json (aws-lambda-java-serialization). */
    private static final String SHADED = "com/amazonaws/lambda/thirdparty/";
    private static final String SHADED_SERVICES = "META-INF/services/com.amazonaws.lambda.thirdparty.";

    private LambdaRuntimeJar() {
    }

    /** Whether an entry of a source belongs to the runtime jar. */
    static boolean belongs(String name) {
        if (name.startsWith(WORKER_PACKAGE)) {
            return name.equals(WORKER + ".class") || name.startsWith(WORKER + "$")
                    || name.equals(WORKER_PACKAGE + JsonText.class.getSimpleName() + ".class");
        }
        if (name.startsWith(RUNTIME_PACKAGE)) {
            // aws-lambda-java-events is the function's to bundle, as on Lambda
            return name.endsWith(".class") && !name.startsWith(RUNTIME_PACKAGE + "events/");
        }
        return (name.startsWith(SHADED) && !name.endsWith("/")) || name.startsWith(SHADED_SERVICES);
    }

    /** The runtime jar in {@code directory}: the existing one for these sources, or a new one written there. */
    public static Path in(Path directory) {
        Set<Path> sources = sources();
        Path target = directory.resolve("lambda-runtime-" + digest(sources) + ".jar");
        if (Files.isRegularFile(target)) {
            return target;
        }
        try {
            Files.createDirectories(directory);
            Path partial = Files.createTempFile(directory, "lambda-runtime-", ".partial");
            try {
                write(sources, partial);
                moveIfAbsent(partial, target);
            } finally {
                Files.deleteIfExists(partial);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Lambda runtime jar in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * The default folder: {@code housekeeping-lambda-runtime-<user>} in {@code java.io.tmpdir}, used only while it is
     * this user's alone (owner-only permissions, not a link), since the environments run the classes of the jar they
     * find there; otherwise (another owner, no POSIX permissions) a new temporary folder.
     */
    static Path defaultDirectory() {
        String user = System.getProperty("user.name", "");
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "housekeeping-lambda-runtime-" + user);
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(ownerOnly));
            }
            PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isDirectory() && attributes.owner().getName().equals(user)
                    && attributes.permissions().equals(ownerOnly)) {
                return dir;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not usable: a folder of this run's own
        }
        try {
            return Files.createTempDirectory("housekeeping-lambda-runtime");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Another process may have written the same jar meanwhile: theirs stays (same sources, same content), so the file an
     * archive refers to is never replaced. (A move without {@code ATOMIC_MOVE} refuses an existing target; the rename
     * itself is still atomic on one file system, so no reader sees a partial jar.)
     */
    private static void moveIfAbsent(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target);
        } catch (FileAlreadyExistsException alreadyThere) {
            // written by a concurrent run
        }
    }

    /** Where this JVM loaded the worker, the runtime API and the serialization library from (jars or folders). */
    static Set<Path> sources() {
        Set<Path> sources = new LinkedHashSet<>();
        for (Class<?> type : new Class<?>[]{LambdaWorkerMain.class, RequestHandler.class, PojoSerializer.class}) {
            try {
                sources.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (URISyntaxException | NullPointerException e) {
                throw new IllegalStateException("Cannot locate the class path entry of " + type.getName(), e);
            }
        }
        return sources;
    }

    /** FNV-1a over the sources' paths, sizes and times (no MessageDigest: its providers cost start-up time). */
    private static String digest(Set<Path> sources) {
        long hash = 0xcbf29ce484222325L;
        try {
            for (Path source : sources) {
                // a folder changes when a class in it is recompiled: the worker's class file stands for it
                Path file = Files.isDirectory(source) ? source.resolve(WORKER + ".class") : source;
                String identity = source.toAbsolutePath() + "|" + Files.size(file) + "|"
                        + Files.getLastModifiedTime(file).toMillis() + "\n";
                for (int i = 0; i < identity.length(); i++) {
                    hash = (hash ^ identity.charAt(i)) * 0x100000001b3L;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Long.toHexString(hash);
    }

    private static void write(Set<Path> sources, Path target) throws IOException {
        Set<String> written = new LinkedHashSet<>();
        try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file)) {
            for (Path source : sources) {
                if (Files.isDirectory(source)) {
                    try (Stream<Path> files = Files.walk(source)) {
                        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                            String name = source.relativize(f).toString().replace('\\', '/');
                            if (belongs(name) && written.add(name)) {
                                put(out, name, Files.readAllBytes(f));
                            }
                        }
                    }
                } else {
                    try (JarFile jar = new JarFile(source.toFile(), false)) {
                        for (JarEntry entry : jar.stream().toList()) {
                            if (belongs(entry.getName()) && written.add(entry.getName())) {
                                try (InputStream in = jar.getInputStream(entry)) {
                                    put(out, entry.getName(), in.readAllBytes());
                                }
                            }
                        }
                    }
                }
            }
        }
        if (!written.contains(WORKER + ".class")) {
            throw new IllegalStateException("No " + WORKER + ".class in " + sources);
        }
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        JarEntry entry = new JarEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        out.putNextEntry(entry);
        out.write(bytes);
        out.closeEntry();
    }
}
