// DemoTls: `switchboard demo --tls` — a throwaway authority and certificate, and the settings that use them.
package dev.switchboard.demo;

import dev.switchboard.proxy.tls.ThrowawayCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The files live in a private temporary directory that the demo deletes when it stops. */
final class DemoTls {
    private final Path dir;
    private final ThrowawayCertificates authority;
    private final ThrowawayCertificates.Issued server;

    private DemoTls(Path dir, ThrowawayCertificates authority, ThrowawayCertificates.Issued server) {
        this.dir = dir;
        this.authority = authority;
        this.server = server;
    }

    static DemoTls create() throws IOException {
        Path dir = Files.createTempDirectory("switchboard-demo-tls-");
        ThrowawayCertificates authority = ThrowawayCertificates.create(dir, "Switchboard demo CA");
        return new DemoTls(dir, authority, authority.localhostServer());
    }

    Path dir() {
        return dir;
    }

    /** The configuration's tls section: clients must use TLS and can verify the proxy fully. */
    String yaml() {
        return """
                tls:
                  client: { mode: require, cert_file: "%s", key_file: "%s" }
                """.formatted(server.certFile(), server.keyFile());
    }

    /** What libpq and pgJDBC URLs add to verify the proxy against the demo's authority. */
    String libpqParameters() {
        return "sslmode=verify-full&sslrootcert=" + authority.caCertFile();
    }

    void delete() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
