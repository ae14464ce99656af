// ClientCertificateTrust: checks client certificates against tls.client.ca_file, refusing them with PostgreSQL's alerts.
package dev.switchboard.proxy.tls;

import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.internal.tcnative.CertificateVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's trust manager does the checking. Under OpenSSL a refusal becomes a TLS alert chosen from the exception:
 * netty finds expired and not-yet-valid certificates itself, but a certificate no trusted authority signed would go
 * out as "internal error"; PostgreSQL (OpenSSL too) says "unknown ca", so that is what this says. Under the JDK's
 * engine the JDK picks the alert ("certificate unknown") and this changes nothing.
 */
final class ClientCertificateTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    private final boolean openSsl;

    private ClientCertificateTrust(X509ExtendedTrustManager delegate, boolean openSsl) {
        this.delegate = delegate;
        this.openSsl = openSsl;
    }

    /** Trusts the authorities in a PEM file. */
    static TrustManager of(Path caFile, TlsEngine engine) throws IOException {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IOException(caFile + " holds no certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return new ClientCertificateTrust(x509, engine == TlsEngine.OPENSSL);
                }
            }
            throw new IOException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the authorities in " + caFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw withAlert(e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw withAlert(e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType);
        } catch (CertificateException e) {
            throw withAlert(e);
        }
    }

    private CertificateException withAlert(CertificateException e) {
        if (!openSsl || !unknownAuthority(e)) {
            return e;
        }
        OpenSslCertificateException alert = new OpenSslCertificateException(
                "certificate verify failed: unable to get local issuer certificate",
                CertificateVerifier.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
        alert.initCause(e);
        return alert;
    }

    private static boolean unknownAuthority(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof CertPathBuilderException) {
                return true; // no path from the certificate to a trusted authority
            }
        }
        return false;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
