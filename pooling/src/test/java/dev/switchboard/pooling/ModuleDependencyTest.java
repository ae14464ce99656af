// Keeps the pooling module free of netty, the wire protocol and the other modules (DESIGN.md).
package dev.switchboard.pooling;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ModuleDependencyTest {

    private static final List<String> FORBIDDEN = List.of(
            "io/netty/", "dev/switchboard/protocol/", "dev/switchboard/topology/", "dev/switchboard/proxy/",
            "dev/switchboard/config/");

    @Test
    void mainClassesReferenceNoForbiddenPackage() throws Exception {
        Path classes = Path.of(Pool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> offences = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                scanned++;
                // Class names sit in the constant pool as plain modified-UTF-8 text.
                String text = read(file);
                for (String prefix : FORBIDDEN) {
                    if (text.contains(prefix)) {
                        offences.add(classes.relativize(file) + " uses " + prefix);
                    }
                }
            }
        }
        assertTrue(scanned > 5, "found the compiled main classes in " + classes);
        assertTrue(offences.isEmpty(), () -> "pooling must not depend on: " + offences);
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }
}
