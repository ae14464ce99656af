// ClientCertificate: the names a client's verified TLS certificate carries, which decide the users it may log in as.
package dev.switchboard.proxy.tls;

import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Only names a certificate's signer vouches for count: the subject's common name and the subject alternative names
 * of the kinds that name a client (DNS names, e-mail addresses, URIs such as SPIFFE IDs). The handshake has already
 * checked the signature against {@code tls.client.ca_file}; a connection without a certificate has none of this.
 *
 * @param commonName       the subject's CN, or null when it has none
 * @param alternativeNames DNS names, e-mail addresses and URIs, in the certificate's order
 */
record ClientCertificate(String commonName, List<String> alternativeNames) {
    private static final int SAN_EMAIL = 1;
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    /** The certificate the client presented on this connection, or null when it presented none. */
    static ClientCertificate of(SslHandler tls) {
        if (tls == null) {
            return null;
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length == 0 || !(chain[0] instanceof X509Certificate x509) ? null : of(x509);
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    static ClientCertificate of(X509Certificate certificate) {
        return new ClientCertificate(commonName(certificate), alternativeNames(certificate));
    }

    private static String commonName(X509Certificate certificate) {
        try {
            List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
            // LdapName lists the most significant part first; the CN that names the subject is the last one written.
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return rdns.get(i).getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    private static List<String> alternativeNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> all = certificate.getSubjectAlternativeNames();
            if (all == null) {
                return names;
            }
            for (List<?> entry : all) {
                int type = (Integer) entry.get(0);
                if ((type == SAN_EMAIL || type == SAN_DNS || type == SAN_URI) && entry.get(1) instanceof String name) {
                    names.add(name);
                }
            }
        } catch (CertificateParsingException e) {
            return names; // a malformed extension names nobody
        }
        return names;
    }

    /** For the log: what the certificate says it is. */
    String describe() {
        return "common name \"" + (commonName == null ? "" : commonName) + "\""
                + (alternativeNames.isEmpty() ? "" : ", alternative names " + alternativeNames);
    }
}
