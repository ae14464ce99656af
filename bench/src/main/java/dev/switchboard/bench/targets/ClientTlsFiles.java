// ClientTlsFiles: the certificate both poolers present to TLS clients in the bench, made by a throwaway authority.
package dev.switchboard.bench.targets;

import dev.switchboard.proxy.tls.ThrowawayCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Switchboard and PgBouncer present the same RSA 2048 certificate for {@code localhost}, so their TLS rows compare
 * the same handshake and record work. The load driver asks for TLS without checking the certificate
 * ({@code sslmode=require}): what is measured is the encryption, not the verification.
 *
 * @param certFile PEM certificate
 * @param keyFile  its PKCS#8 PEM private key
 */
public record ClientTlsFiles(Path certFile, Path keyFile) {

    /** Makes the authority and the certificate in {@code dir}. */
    public static ClientTlsFiles create(Path dir) {
        try {
            ThrowawayCertificates.Issued issued = ThrowawayCertificates.create(dir, "Switchboard bench CA").localhostServer();
            return new ClientTlsFiles(issued.certFile(), issued.keyFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the bench's TLS certificate in " + dir, e);
        }
    }
}
