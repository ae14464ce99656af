// KubernetesSchemaIT: the Kubernetes examples hold to the Kubernetes API's schema (node with kubernetes-models).
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every document under {@code deploy/kubernetes/} is validated against the OpenAPI schema of its kind (types,
 * required fields, enums) by the npm package kubernetes-models, which .ci/run installs into
 * {@code ~/.cache/switchboard/node-k8s}. A manifest with a wrong type is refused, so the check can fail.
 * (KubernetesManifestsTest checks what a schema cannot: probe paths and ports against the proxy's own.)
 */
class KubernetesSchemaIT {
    static final Path MODULES = Path.of(System.getProperty("user.home"), ".cache", "switchboard", "node-k8s",
            "node_modules");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void theExamplesMatchTheKubernetesSchema(@TempDir Path dir) throws Exception {
        ExternalProgram node = ExternalProgram.require("node");
        assertTrue(Files.isDirectory(MODULES.resolve("kubernetes-models")), MODULES
                + " has no kubernetes-models: .ci/run installs it (npm install --prefix ~/.cache/switchboard/node-k8s "
                + "kubernetes-models js-yaml)");
        List<String> manifests;
        try (Stream<Path> files = Files.walk(Path.of("..", "deploy", "kubernetes"))) {
            manifests = files.filter(p -> p.toString().endsWith(".yaml")).map(Path::toString).sorted().toList();
        }
        assertTrue(manifests.size() >= 2, "the sidecar and gateway examples: " + manifests);
        ExternalProgram.Result checked = validate(node, manifests);
        assertEquals(0, checked.exitCode(), checked.toString());
        System.out.println("Kubernetes schema: " + checked.stdout().strip().replace('\n', ';'));

        Path broken = dir.resolve("broken.yaml");
        String gateway = Files.readString(Path.of(manifests.stream().filter(m -> m.contains("gateway")).findFirst()
                .orElseThrow()));
        Files.writeString(broken, gateway.replaceFirst("containerPort: 6432", "containerPort: \"six\""));
        ExternalProgram.Result refused = validate(node, List.of(broken.toString()));
        assertNotEquals(0, refused.exitCode(), "a port given as text is refused\n" + refused);
        assertTrue(refused.stdout().contains("containerPort must be integer"), refused.toString());
    }

    private static ExternalProgram.Result validate(ExternalProgram node, List<String> files) {
        List<String> args = new ArrayList<>();
        args.add(ExternalProgram.clientScript("k8s_validate.js"));
        args.addAll(files);
        return node.run(args, Map.of("NODE_PATH", MODULES.toString()), null, TIMEOUT);
    }
}
