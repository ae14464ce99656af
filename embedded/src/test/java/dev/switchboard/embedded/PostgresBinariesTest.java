// Unit test: binaries come from a configured directory or are extracted once, atomically, from the archive.
package dev.switchboard.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {

    @Test
    void extractionIsIdempotentAndKeepsExecBitsAndSymlinks(@TempDir Path cache) throws Exception {
        PostgresBinaries first = PostgresBinaries.extractBundled(cache);
        Path install = first.binDir().getParent();
        FileTime extractedAt = Files.getLastModifiedTime(install);

        PostgresBinaries second = PostgresBinaries.extractBundled(cache);

        assertEquals(first.binDir(), second.binDir());
        assertEquals(extractedAt, Files.getLastModifiedTime(install), "extracted a second time");
        assertEquals(List.of(".lock", install.getFileName().toString()), listNames(cache));
        assertTrue(install.getFileName().toString().startsWith("18.6.0-"), install.toString());
        for (Path tool : List.of(first.initdb(), first.pgCtl(), first.postgres())) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(tool);
            assertTrue(perms.contains(PosixFilePermission.OTHERS_EXECUTE), tool + " " + perms);
            assertTrue(perms.contains(PosixFilePermission.OTHERS_READ), tool + " " + perms);
        }
        Path libpq = install.resolve("lib").resolve("libpq.so");
        assertTrue(Files.isSymbolicLink(libpq), libpq + " is not a symlink");
        assertTrue(Files.isRegularFile(libpq), libpq + " does not resolve");
        assertTrue(Files.isDirectory(install.resolve("share").resolve("postgresql")));
    }

    @Test
    void concurrentExtractionsProduceOneTree(@TempDir Path cache) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<PostgresBinaries>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(pool.submit(() -> PostgresBinaries.extractBundled(cache)));
            }
            Path bin = results.get(0).get().binDir();
            for (Future<PostgresBinaries> result : results) {
                assertEquals(bin, result.get().binDir());
            }
            assertEquals(2, listNames(cache).size(), "leftovers: " + listNames(cache));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aConfiguredDirectoryWins(@TempDir Path missing) {
        Path bin = PostgresBinaries.extractBundled(PostgresBinaries.defaultCacheRoot()).binDir(); // shared cache
        String old = System.getProperty(PostgresBinaries.BIN_PROPERTY);
        try {
            System.setProperty(PostgresBinaries.BIN_PROPERTY, bin.toString());
            assertEquals(bin, PostgresBinaries.resolve().binDir());
            System.setProperty(PostgresBinaries.BIN_PROPERTY, bin.getParent().toString()); // the install root
            assertEquals(bin, PostgresBinaries.resolve().binDir());
            System.setProperty(PostgresBinaries.BIN_PROPERTY, missing.resolve("nothing-here").toString());
            EmbeddedPostgresException e = assertThrows(EmbeddedPostgresException.class, PostgresBinaries::resolve);
            assertTrue(e.getMessage().contains("initdb"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(PostgresBinaries.BIN_PROPERTY);
            } else {
                System.setProperty(PostgresBinaries.BIN_PROPERTY, old);
            }
        }
    }

    private static List<String> listNames(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
