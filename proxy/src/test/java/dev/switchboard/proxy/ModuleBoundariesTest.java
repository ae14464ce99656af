// ModuleBoundariesTest: the module dependency rules of DESIGN.md hold in the compiled classes.
package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: {@code proxy} composes everything; {@code pooling} knows nothing of
 * {@code topology}; {@code protocol}, {@code config} and {@code embedded} know nothing of the others.
 * Class names sit in a class file's constant pool as "dev/switchboard/x/...", so a plain byte search
 * finds every reference.
 */
class ModuleBoundariesTest {

    private static final Map<Class<?>, List<String>> FORBIDDEN = Map.of(
            dev.switchboard.protocol.Frame.class, List.of("config", "pooling", "topology", "proxy", "embedded", "bench"),
            dev.switchboard.config.ConfigLoader.class, List.of("protocol", "pooling", "topology", "proxy", "embedded", "bench"),
            dev.switchboard.pooling.Pool.class, List.of("config", "topology", "proxy", "embedded", "bench"),
            dev.switchboard.embedded.PgCluster.class, List.of("protocol", "config", "pooling", "topology", "proxy", "bench"));

    @Test
    void modulesReferenceOnlyWhatTheyMayUse() throws Exception {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<Class<?>, List<String>> rule : FORBIDDEN.entrySet()) {
            String module = rule.getKey().getPackageName().substring("dev.switchboard.".length());
            int scanned = 0;
            for (Map.Entry<String, byte[]> classFile : classFilesOf(rule.getKey()).entrySet()) {
                scanned++;
                String text = new String(classFile.getValue(), StandardCharsets.ISO_8859_1);
                for (String other : rule.getValue()) {
                    if (text.contains("dev/switchboard/" + other + "/")) {
                        violations.add(module + ": " + classFile.getKey() + " uses " + other);
                    }
                }
            }
            assertFalse(scanned == 0, "no classes found for module " + module);
        }
        assertEquals(List.of(), violations);
    }

    /** Every class file of the module holding {@code anchor}, from its classes directory or its jar. */
    private static Map<String, byte[]> classFilesOf(Class<?> anchor) throws IOException, URISyntaxException {
        Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        String prefix = anchor.getPackageName().replace('.', '/') + "/";
        Map<String, byte[]> files = new java.util.TreeMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> walk = Files.walk(location.resolve(prefix))) {
                for (Path p : (Iterable<Path>) walk.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    files.put(location.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (JarEntry e : java.util.Collections.list(jar.entries())) {
                    if (e.getName().startsWith(prefix) && e.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            files.put(e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        return files;
    }
}
