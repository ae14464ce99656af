// ThrowawayCertificates: a private certificate authority and certificates made with the JDK's keytool, for demos and tests.
package dev.switchboard.proxy.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every JDK ships keytool, so certificates need no other tool: keytool makes the keys and signs, and the
 * private keys are written as PKCS#8 PEM, which PostgreSQL, libpq and the proxy all read. Nothing here is
 * meant for production: the keystore password is fixed and the files live in the given directory.
 */
public final class ThrowawayCertificates {
    private static final String STORE_PASSWORD = "throwaway";

    private final Path dir;
    private final Path caStore;

    /** A certificate and its key, as PEM files. */
    public record Issued(Path certFile, Path keyFile) {
    }

    private ThrowawayCertificates(Path dir) {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
    }

    /** Creates the authority ({@code ca.crt}) in {@code dir}. */
    public static ThrowawayCertificates create(Path dir, String authorityName) throws IOException {
        Files.createDirectories(dir);
        ThrowawayCertificates authority = new ThrowawayCertificates(dir);
        authority.keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                "-dname", "CN=" + authorityName, "-ext", "bc:c", "-keystore", authority.caStore.toString());
        Files.writeString(authority.caCertFile(), authority.keytool("-exportcert", "-rfc", "-alias", "ca",
                "-keystore", authority.caStore.toString()));
        return authority;
    }

    /** The authority's certificate: what clients trust ({@code sslrootcert}). */
    public Path caCertFile() {
        return dir.resolve("ca.crt");
    }

    /**
     * A certificate for {@code commonName} with the given subject alternative names ("dns:localhost",
     * "ip:127.0.0.1"), valid from {@code startOffset} (keytool's syntax, e.g. "-2d"; null = now) for {@code days}.
     */
    public Issued issue(String fileName, String commonName, List<String> alternativeNames, String startOffset, int days)
            throws IOException {
        Path store = dir.resolve(fileName + ".p12");
        Files.deleteIfExists(store);
        keytool("-genkeypair", "-alias", "key", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + commonName,
                "-keystore", store.toString());
        String request = keytool("-certreq", "-alias", "key", "-keystore", store.toString());
        List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(),
                "-validity", Integer.toString(days)));
        if (!alternativeNames.isEmpty()) {
            sign.addAll(List.of("-ext", "san=" + String.join(",", alternativeNames)));
        }
        if (startOffset != null) {
            sign.addAll(List.of("-startdate", startOffset));
        }
        Path certFile = dir.resolve(fileName + ".crt");
        Files.writeString(certFile, keytoolWithInput(request, sign.toArray(String[]::new)));
        Path keyFile = dir.resolve(fileName + ".key");
        writePrivate(keyFile, pkcs8Pem(store));
        return new Issued(certFile, keyFile);
    }

    /** A server certificate for this machine's loopback names, valid for a year. */
    public Issued localhostServer() throws IOException {
        return issue("server", "localhost", List.of("dns:localhost", "ip:127.0.0.1"), null, 365);
    }

    private static String pkcs8Pem(Path store) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, STORE_PASSWORD.toCharArray());
            Key key = keyStore.getKey("key", STORE_PASSWORD.toCharArray());
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the key keytool made in " + store + ": " + e.getMessage(), e);
        }
    }

    /** Private keys are readable by their owner only (PostgreSQL and libpq refuse anything looser). */
    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }

    private String keytool(String... args) throws IOException {
        return keytoolWithInput(null, args);
    }

    private String keytoolWithInput(String input, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD,
                "-noprompt"));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
        }
        process.getOutputStream().close();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + err.strip() + " " + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
    }
}
