// LauncherIT: the ./switchboard script picks the JVM the proxy runs on, and the options it runs with.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the launcher as users do, with {@code --version} (the jar is built by then), asking the JVM to print its
 * properties and flags first: which JVM ran the proxy, and with which collector and object headers.
 */
class LauncherIT {
    private static final Duration QUICK = Duration.ofSeconds(60);
    private static final Path JVMS = Path.of("/usr/lib/jvm");
    private static final String SHOW = "-XshowSettings:properties -XX:+PrintFlagsFinal";

    private static ExternalProgram.Result launcher(Map<String, String> environment) {
        Path script = ProxyProcess.jar().getParent().getParent().getParent().resolve("switchboard");
        ExternalProgram.Result r = ExternalProgram.at(script).run(List.of("--version"), environment, null, QUICK);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("switchboard 0."), r.toString());
        return r;
    }

    /** The JDK of version 25 or later in /usr/lib/jvm the launcher should pick, or null when there is none. */
    private static Path newJdk() throws IOException {
        if (!Files.isDirectory(JVMS)) {
            return null;
        }
        try (Stream<Path> homes = Files.list(JVMS)) {
            for (Path home : homes.sorted().toList()) {
                Path release = home.resolve("release");
                if (Files.isExecutable(home.resolve("bin/java")) && Files.isRegularFile(release)) {
                    Matcher m = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
                    if (m.find() && Integer.parseInt(m.group(1)) >= 25) {
                        return home;
                    }
                }
            }
        }
        return null;
    }

    private static String property(ExternalProgram.Result r, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(name) + " = (.*)$").matcher(r.stderr());
        assertTrue(m.find(), name + " not shown: " + r);
        return m.group(1).strip();
    }

    private static boolean flag(ExternalProgram.Result r, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*bool " + Pattern.quote(name) + "\\s*= (true|false)").matcher(r.stdout());
        return m.find() && m.group(1).equals("true");
    }

    @Test
    void theProxyRunsOnANewJdkWhenOneIsInstalledWithCompactHeadersAndTheSerialCollector() throws IOException {
        ExternalProgram.Result r = launcher(Map.of("SWITCHBOARD_JAVA_OPTS", SHOW));
        Path expected = newJdk();
        String home = property(r, "java.home");
        if (expected != null) {
            assertEquals(expected.toRealPath().toString(), Path.of(home).toRealPath().toString(), r.toString());
        }
        int major = Integer.parseInt(property(r, "java.specification.version"));
        assertEquals(major >= 25, flag(r, "UseCompactObjectHeaders"), "compact headers wherever the JDK has them");
        if (major >= 23) {
            // Netty's buffers use sun.misc.Unsafe, not memory segments checked at every access.
            assertEquals("allow", property(r, "sun.misc.unsafe.memory.access"), r.toString());
        }
        assertTrue(flag(r, "UseSerialGC"), r.toString());
    }

    @Test
    void switchboardJavaNamesTheJvm() throws IOException {
        Path thisJava = Path.of(System.getProperty("java.home"), "bin", "java");
        ExternalProgram.Result r = launcher(Map.of("SWITCHBOARD_JAVA", thisJava.toString(), "SWITCHBOARD_JAVA_OPTS", SHOW));
        assertEquals(Path.of(System.getProperty("java.home")).toRealPath().toString(),
                Path.of(property(r, "java.home")).toRealPath().toString());
    }
}
