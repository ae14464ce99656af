// TlsEngineTest: tls.engine picks OpenSSL where netty-tcnative's BoringSSL loads, and the JDK's engine when told to.
package dev.switchboard.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.config.TlsConfig;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class TlsEngineTest {

    /** The proxy ships BoringSSL for Linux on x86-64: there it must load, or the dependency is broken. */
    @Test
    void autoIsOpenSslOnLinuxX8664() throws IOException {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"));
        assertEquals(TlsEngine.OPENSSL, TlsEngine.choose(TlsConfig.Engine.AUTO));
        assertEquals(TlsEngine.OPENSSL, TlsEngine.choose(TlsConfig.Engine.OPENSSL));
    }

    @Test
    void jdkIsKeptWhenAskedFor() throws IOException {
        assertEquals(TlsEngine.JDK, TlsEngine.choose(TlsConfig.Engine.JDK));
    }
}
