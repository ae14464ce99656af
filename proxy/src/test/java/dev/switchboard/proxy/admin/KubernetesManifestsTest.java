// KubernetesManifestsTest: the examples in deploy/kubernetes agree with the proxy's configuration, routes and image.
package dev.switchboard.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * No Kubernetes API server or schema validator is at hand offline, so this checks what the examples can get
 * wrong against this code base: every document has the fields its kind requires; the configuration in the
 * ConfigMap passes the validation {@code check-config} runs; the probes ask the HTTP listener's real paths on its
 * configured port; the container runs as a non-root user, with the image's launcher for {@code drain} in
 * preStop and a writable directory for the handoff socket; the grace period outlasts the drain; every Service
 * port targets a container port.
 */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of("..", "deploy", "kubernetes");
    private static final Path IMAGE_FILES = Path.of("src", "main", "jib");
    private static final String LAUNCHER = "/opt/switchboard/bin/switchboard";

    static Stream<Path> manifests() throws Exception {
        try (Stream<Path> files = Files.walk(DIR)) {
            List<Path> found = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(found.size() >= 2, "the sidecar and gateway examples in " + DIR.toAbsolutePath());
            return found.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void theSwitchboardContainerMatchesItsConfigurationAndTheProxy(Path file) throws Exception {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(Files.readString(file))) {
            documents.add(map(document));
        }
        for (Map<String, Object> document : documents) {
            for (String field : List.of("apiVersion", "kind", "metadata")) {
                assertTrue(document.containsKey(field), file + ": a document without " + field);
            }
            assertTrue(map(document.get("metadata")).get("name") instanceof String, file + ": metadata.name");
        }
        Map<String, Object> deployment = only(documents, "Deployment", file);
        Map<String, Object> podSpec = map(map(map(deployment.get("spec")).get("template")).get("spec"));
        Map<String, Object> selector = map(map(map(deployment.get("spec")).get("selector")).get("matchLabels"));
        assertEquals(selector, map(map(map(map(deployment.get("spec")).get("template")).get("metadata"))
                .get("labels")), file + ": the selector picks the template's pods");
        Map<String, Object> container = list(podSpec.get("containers")).stream().map(KubernetesManifestsTest::map)
                .filter(c -> "switchboard".equals(c.get("name"))).findFirst().orElseThrow();

        List<?> args = list(container.get("args"));
        assertEquals(List.of("run", "-c"), args.subList(0, 2), file + ": the image's entrypoint takes run -c FILE");
        Path configFile = Path.of((String) args.get(2));
        SwitchboardConfig config = configFromConfigMap(documents, podSpec, container, configFile, file);

        Map<String, Integer> ports = new HashMap<>();
        for (Object port : list(container.get("ports"))) {
            ports.put((String) map(port).get("name"), (Integer) map(port).get("containerPort"));
        }
        assertEquals(config.http().port(), ports.get("http"), file + ": the http port is the configured one");
        if (ports.containsKey("postgres")) {
            assertEquals(config.listen().port(), ports.get("postgres"), file + ": the postgres port");
        }
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
            assertEquals("http", get.get("port"), file + ": " + probe + " asks the HTTP listener");
            List<String> served = List.of(AdminRoutes.ENDPOINTS.split(", "));
            assertTrue(served.contains(get.get("path")), file + ": " + probe + " path " + get.get("path")
                    + " is one the proxy serves: " + AdminRoutes.ENDPOINTS);
        }
        assertEquals("/health/ready", map(map(container.get("readinessProbe")).get("httpGet")).get("path"),
                file + ": readiness follows the drain (503 while draining)");

        String preStop = String.join(" ", list(map(map(map(container.get("lifecycle")).get("preStop")).get("exec"))
                .get("command")).stream().map(String::valueOf).toList());
        assertTrue(preStop.contains(LAUNCHER + " drain -c " + configFile), file + ": preStop drains: " + preStop);
        assertTrue(Files.isExecutable(IMAGE_FILES.resolve(LAUNCHER.substring(1))), "the image holds " + LAUNCHER);

        Map<String, Object> security = new HashMap<>(map(podSpec.getOrDefault("securityContext", Map.of())));
        security.putAll(map(container.getOrDefault("securityContext", Map.of())));
        assertEquals(true, security.get("runAsNonRoot"), file + ": runAsNonRoot");
        assertTrue((Integer) security.get("runAsUser") > 0, file + ": runAsUser is not root");
        assertTrue(mountPaths(container).contains(config.listen().handoffSocketPath().getParent().toString()),
                file + ": the handoff socket's directory is a mounted volume (the root file system is read-only)");
        long grace = ((Number) podSpec.get("terminationGracePeriodSeconds")).longValue();
        assertTrue(grace > 2 * config.limits().drainGrace().toSeconds(), file + ": the grace period ("
                + grace + " s) outlasts the drain (twice limits.drain_grace)");

        for (Map<String, Object> service : documents.stream().filter(d -> "Service".equals(d.get("kind"))).toList()) {
            for (Object port : list(map(service.get("spec")).get("ports"))) {
                Object target = map(port).get("targetPort");
                assertTrue(ports.containsKey(target) || ports.containsValue(target),
                        file + ": Service targetPort " + target + " is a container port: " + ports);
            }
            assertEquals(selector, map(map(service.get("spec")).get("selector")), file + ": the Service's pods");
        }
    }

    /** Parsed and validated as {@code check-config} does, with every environment variable the container sets. */
    private static SwitchboardConfig configFromConfigMap(List<Map<String, Object>> documents,
                                                         Map<String, Object> podSpec, Map<String, Object> container,
                                                         Path configFile, Path file) throws Exception {
        String volume = list(container.get("volumeMounts")).stream().map(KubernetesManifestsTest::map)
                .filter(m -> configFile.getParent().toString().equals(m.get("mountPath")))
                .map(m -> (String) m.get("name")).findFirst().orElseThrow();
        String configMapName = (String) list(podSpec.get("volumes")).stream().map(KubernetesManifestsTest::map)
                .filter(v -> volume.equals(v.get("name"))).map(v -> map(v.get("configMap")).get("name"))
                .findFirst().orElseThrow();
        Map<String, Object> configMap = documents.stream().filter(d -> "ConfigMap".equals(d.get("kind")))
                .filter(d -> configMapName.equals(map(d.get("metadata")).get("name"))).findFirst().orElseThrow();
        String yaml = (String) map(configMap.get("data")).get(configFile.getFileName().toString());
        Map<String, String> env = new HashMap<>();
        for (Object variable : list(container.getOrDefault("env", List.of()))) {
            env.put((String) map(variable).get("name"), "from-the-secret");
        }
        return ConfigLoader.parse(yaml, file + " ConfigMap " + configMapName, env);
    }

    private static List<String> mountPaths(Map<String, Object> container) {
        return list(container.get("volumeMounts")).stream().map(m -> (String) map(m).get("mountPath")).toList();
    }

    private static Map<String, Object> only(List<Map<String, Object>> documents, String kind, Path file) {
        List<Map<String, Object>> found = documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        assertEquals(1, found.size(), file + ": one " + kind);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertTrue(node instanceof Map, "a mapping: " + node);
        return (Map<String, Object>) node;
    }

    private static List<?> list(Object node) {
        assertTrue(node instanceof List, "a list: " + node);
        return (List<?>) node;
    }
}
