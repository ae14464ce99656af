// Unpacks a .txz (tar + xz) stream into a directory, keeping exec bits, symlinks and hard links.
package dev.switchboard.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Extraction of the PostgreSQL binary archive. Every extracted entry is made world-readable (and
 * world-executable when any exec bit was set), because PostgreSQL may run as another user than the JVM.
 */
final class TxzExtractor {

    private TxzExtractor() {
    }

    /** Extracts the archive into {@code target}, which must exist; entries escaping it are refused. */
    static void extract(InputStream txz, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(txz, 1 << 16)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = inside(root, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    Files.setPosixFilePermissions(path, permissions(0755));
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Path link = Path.of(entry.getLinkName());
                    inside(root, root.relativize(path.getParent().resolve(link).normalize()).toString());
                    Files.deleteIfExists(path);
                    Files.createSymbolicLink(path, link);
                } else if (entry.isLink()) {
                    Files.deleteIfExists(path);
                    Files.createLink(path, inside(root, entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.copy(tar, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    int mode = entry.getMode() & 0777;
                    int readable = mode | 0644 | ((mode & 0111) != 0 ? 0111 : 0);
                    Files.setPosixFilePermissions(path, permissions(readable));
                }
                // Devices and FIFOs have no place in a binary distribution; they are skipped.
            }
        }
        // Directories listed before their files may have been created by createDirectories with the umask.
        try (var walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, permissions(0755));
                }
            }
        }
    }

    private static Path inside(Path root, String name) throws IOException {
        Path path = root.resolve(name).normalize();
        if (!path.startsWith(root)) {
            throw new IOException("archive entry escapes the target directory: " + name);
        }
        return path;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
