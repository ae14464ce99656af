// ChannelBinding: SCRAM's tls-server-end-point binding — the hash of the TLS server's certificate both sides must agree on.
package dev.switchboard.protocol.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * RFC 5929's tls-server-end-point, the only channel binding PostgreSQL implements: the server certificate
 * hashed with the hash of its signature algorithm (SHA-256 where that is MD5 or SHA-1). A man in the middle
 * that terminates TLS presents another certificate, so the proof it forwards does not verify.
 */
public final class ChannelBinding {
    /** The SASL mechanism with channel binding. */
    public static final String SCRAM_SHA_256_PLUS = "SCRAM-SHA-256-PLUS";
    /** The binding type named in the gs2 header ({@code p=tls-server-end-point}). */
    public static final String TLS_SERVER_END_POINT = "tls-server-end-point";

    private final byte[] data;

    private ChannelBinding(byte[] data) {
        this.data = data;
    }

    /** The binding of a connection whose TLS server presented {@code certificate}. */
    public static ChannelBinding tlsServerEndPoint(X509Certificate certificate) {
        try {
            return new ChannelBinding(MessageDigest.getInstance(hashOf(certificate.getSigAlgName()))
                    .digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot compute the tls-server-end-point binding of "
                    + certificate.getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }

    /** The binding of the first certificate of {@code chain} (the end entity), or null when there is none. */
    public static ChannelBinding ofChain(java.security.cert.Certificate[] chain) {
        return chain != null && chain.length > 0 && chain[0] instanceof X509Certificate certificate
                ? tlsServerEndPoint(certificate) : null;
    }

    /** Binding data given as bytes (tests, published examples). */
    static ChannelBinding of(byte[] data) {
        return new ChannelBinding(data.clone());
    }

    /** What client-final-message's {@code c=} carries: the gs2 header and then this data, in base64. */
    String attribute(String gs2Header) {
        byte[] header = gs2Header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] both = java.util.Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, both, header.length, data.length);
        return ScramCrypto.base64(both);
    }

    /** "SHA256withRSA" → "SHA-256"; MD5 and SHA-1 signatures are bound with SHA-256, as RFC 5929 says. */
    static String hashOf(String signatureAlgorithm) {
        String name = signatureAlgorithm.toUpperCase(Locale.ROOT);
        int with = name.indexOf("WITH");
        String hash = with > 0 ? name.substring(0, with) : name;
        return switch (hash) {
            case "SHA384" -> "SHA-384";
            case "SHA512" -> "SHA-512";
            case "SHA224" -> "SHA-224";
            default -> "SHA-256"; // SHA256, and MD5 / SHA1 by the RFC's rule
        };
    }
}
