// Integration test: closing, failed starts and the reaping of clusters left behind by a killed JVM.
package dev.switchboard.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgClusterLifecycleIT {

    @Test
    void closeStopsEveryNodeDeletesTheDirectoriesAndFreesThePorts() {
        PgCluster cluster = PgCluster.builder().standbys(1).start();
        Path base = cluster.baseDir();
        List<Integer> ports = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        for (PgNode node : cluster.nodes()) {
            ports.add(node.port());
            pids.add(node.postmasterPid().orElseThrow());
            assertTrue(Files.isDirectory(node.dataDir()));
            assertTrue(Files.isRegularFile(node.logFile()));
        }
        assertEquals(1, registryFilesOfThisJvm().size());

        cluster.close();

        assertFalse(Files.exists(base), base + " still exists");
        for (int i = 0; i < ports.size(); i++) {
            assertTrue(Ports.isFree(ports.get(i)), "port " + ports.get(i) + " still in use");
            assertFalse(OsProcesses.isAlive(pids.get(i)), "postmaster " + pids.get(i) + " still alive");
        }
        assertEquals(List.of(), registryFilesOfThisJvm());
        cluster.close(); // idempotent
    }

    @Test
    void anExplicitBaseDirIsKeptAndTheSuperuserIsUsed(@TempDir Path dir) throws IOException {
        // JUnit creates temp dirs with mode 0700; PostgreSQL may run as another user and must get through.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path base = dir.resolve("cluster");
        try (PgCluster cluster = PgCluster.builder().baseDir(base).superuser("boss").start()) {
            assertEquals("boss", cluster.superuser());
            assertEquals("boss", cluster.primary().queryValue("SELECT current_user"));
            assertEquals(base.resolve("node0").resolve("data"), cluster.primary().dataDir());
        }
        assertTrue(Files.isDirectory(base.resolve("node0").resolve("data")));
    }

    @Test
    void aFailedStartReportsTheServerLogAndLeavesNothingBehind() {
        EmbeddedPostgresException e = assertThrows(EmbeddedPostgresException.class,
                () -> PgCluster.builder().setting("shared_buffers", "not-a-size").start());
        assertTrue(e.getMessage().contains("shared_buffers"), e.getMessage());
        assertTrue(e.getMessage().contains("last lines of"), e.getMessage());
        assertEquals(List.of(), registryFilesOfThisJvm());
    }

    @Test
    void aClusterOfAKilledJvmIsReapedByTheNextStart() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                OrphanClusterMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long postmaster;
        Path base;
        try {
            String ready = readReadyLine(child.getInputStream());
            String[] parts = ready.split(" ", 3);
            postmaster = Long.parseLong(parts[1]);
            base = Path.of(parts[2]);
            assertTrue(OsProcesses.isAlive(postmaster));
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs in the child.
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(OsProcesses.isAlive(postmaster), "the orphaned postmaster should outlive its JVM");
        assertTrue(Files.isDirectory(base));

        ClusterRegistry.reapOrphans(ClusterRegistry.defaultClustersDir());

        Await.until(Duration.ofSeconds(30), "the orphaned postmaster to die", () -> !OsProcesses.isAlive(postmaster));
        assertFalse(Files.exists(base), base + " still exists");
    }

    private static String readReadyLine(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.startsWith("READY ")) {
                return line;
            }
        }
        throw new AssertionError("the child JVM exited without starting its cluster");
    }

    private static List<Path> registryFilesOfThisJvm() {
        List<Path> mine = new ArrayList<>();
        try (var files = Files.list(ClusterRegistry.defaultClustersDir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.toString().endsWith(ClusterRegistry.SUFFIX)) {
                    Properties p = new Properties();
                    try (var in = Files.newInputStream(f)) {
                        p.load(in);
                    }
                    if (Long.toString(ProcessHandle.current().pid()).equals(p.getProperty("owner.pid"))) {
                        mine.add(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return mine;
    }
}
