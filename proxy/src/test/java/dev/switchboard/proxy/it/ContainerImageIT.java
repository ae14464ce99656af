// ContainerImageIT: the OCI image tar the build writes is complete — opened without a container runtime, its root runs the proxy.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.topology.authority.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvn verify} builds {@code target/switchboard-image.tar} (Jib, empty base, everything in it built here). No
 * container runtime exists on these machines, so the test does what one would: it reads the manifest and the
 * image configuration, unpacks the layers in order into a directory, and runs the image's entrypoint there with
 * {@code chroot} as the image's user — so only what the image holds (its runtime, its C libraries, its shell) can
 * be used. The proxy started that way serves psql against the test cluster, and its HTTP listener answers.
 */
class ContainerImageIT {
    private static final Path IMAGE = Path.of("target", "switchboard-image.tar");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    @SuppressWarnings("unchecked")
    void theImageHoldsEverythingTheProxyNeedsAndRunsAsItsUser(@TempDir Path dir) throws Exception {
        assertTrue(Files.isRegularFile(IMAGE), IMAGE.toAbsolutePath() + " is missing: mvn verify builds it before the "
                + "integration tests (-Dimage.skip=true leaves it out)");
        ExternalProgram tar = ExternalProgram.require("tar");
        Path unpacked = Files.createDirectory(dir.resolve("image"));
        run(tar, List.of("-xf", IMAGE.toAbsolutePath().toString(), "-C", unpacked.toString()));
        List<Object> manifest = (List<Object>) Json.parse(Files.readString(unpacked.resolve("manifest.json")));
        Map<String, Object> entry = (Map<String, Object>) manifest.get(0);
        Map<String, Object> image = (Map<String, Object>) Json.parse(Files.readString(
                unpacked.resolve((String) entry.get("Config"))));
        Map<String, Object> config = (Map<String, Object>) image.get("config");
        assertEquals("65532:65532", config.get("User"), "a non-root user");
        assertEquals(List.of("/opt/switchboard/bin/switchboard"), config.get("Entrypoint"));
        assertEquals(List.of("run", "-c", "/etc/switchboard/switchboard.yaml"), config.get("Cmd"));
        assertEquals(List.of("6432/tcp", "9930/tcp"),
                new ArrayList<>(((Map<String, Object>) config.get("ExposedPorts")).keySet()).stream().sorted().toList());
        List<String> env = (List<String>) config.get("Env");
        String path = env.stream().filter(e -> e.startsWith("PATH=")).findFirst().orElseThrow().substring(5);

        Path root = Files.createDirectory(dir.resolve("root"));
        List<String> layers = new ArrayList<>();
        for (Object layer : (List<Object>) entry.get("Layers")) {
            Path file = unpacked.resolve((String) layer);
            layers.add(Files.size(file) / 1024 + " KiB");
            run(tar, List.of("--warning=no-unknown-keyword", "-xzf", file.toString(), "-C", root.toString()));
        }
        System.out.printf("image %s: %.1f MiB, %d layers (%s)%n", IMAGE, Files.size(IMAGE) / 1048576.0, layers.size(),
                String.join(", ", layers));
        for (String needed : List.of("opt/java/bin/java", "bin/sh", "bin/sleep", "lib64/ld-linux-x86-64.so.2",
                "opt/switchboard/bin/switchboard", "etc/passwd")) {
            assertTrue(Files.exists(root.resolve(needed)), "the image holds /" + needed);
        }

        int port = Ports.free();
        int httpPort = Ports.free();
        Files.createDirectories(root.resolve("etc/switchboard"));
        Files.writeString(root.resolve("etc/switchboard/switchboard.yaml"), """
                listen: { address: 127.0.0.1, port: %d }
                http: { address: 127.0.0.1, port: %d }
                clusters:
                  main: { nodes: [ "%s" ] }
                databases:
                  app: { cluster: main, dbname: app }
                users:
                  - { name: app, password: app }
                """.formatted(port, httpPort, TestCluster.primaryAddress()));
        // A bare chroot has no /proc, where the loader finds the runtime's own directory ($ORIGIN); a container
        // runtime mounts it, so the image itself needs no library path.
        List<String> entrypoint = (List<String>) config.get("Entrypoint");
        List<String> cmd = (List<String>) config.get("Cmd");
        ExternalProgram.Running proxy = ExternalProgram.asRoot("chroot").start(List.of("--userspec=" + config.get("User"),
                root.toString(), "/bin/sh", "-c", "PATH=" + path + " LD_LIBRARY_PATH=/opt/java/lib:/opt/java/lib/server "
                        + "exec " + String.join(" ", entrypoint) + " " + String.join(" ", cmd)), Map.of(), null);
        try {
            proxy.awaitStderr(Pattern.compile("Switchboard listening on 127\\.0\\.0\\.1:" + port), TIMEOUT);
            ExternalProgram.Result psql = ExternalProgram.require("psql").run(List.of("-X", "-A", "-t", "-d",
                    "postgresql://app:app@127.0.0.1:" + port + "/app?sslmode=disable", "-c", "SELECT current_user"),
                    Map.of(), null, TIMEOUT);
            assertEquals(0, psql.exitCode(), psql + "\n" + proxy);
            assertEquals("app", psql.stdout().strip());
            HttpResponse<String> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/health/live")).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode(), live.body());
            System.out.println("the image's entrypoint, run as 65532 in its own root, served psql and /health/live");
        } finally {
            proxy.kill();
        }
    }

    private static void run(ExternalProgram program, List<String> args) {
        ExternalProgram.Result result = program.run(args, Map.of(), null, TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
    }
}
