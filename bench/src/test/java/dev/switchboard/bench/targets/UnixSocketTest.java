// UnixSocketTest: a socket path too long for sun_path fails before anything binds it, naming the way out.
package dev.switchboard.bench.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UnixSocketTest {

    @Test
    void aPathOf107BytesFitsOneMoreDoesNot() {
        // A 92-byte directory and "/.s.PGSQL.65432" (15 bytes) make 107.
        Path fits = Path.of("/" + "d".repeat(91));
        assertEquals(fits, new UnixSocket(fits, 65432, "app_unix").dir());
        var e = assertThrows(IllegalStateException.class,
                () -> new UnixSocket(Path.of("/" + "d".repeat(92)), 65432, "app_unix"));
        assertTrue(e.getMessage().contains("108 bytes") && e.getMessage().contains("java.io.tmpdir"), e.getMessage());
    }
}
