// Tests PostgreSQL's MD5 password hashing and challenge response.
package dev.switchboard.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Md5PasswordTest {

    private static final byte[] SALT = {1, 2, 3, 4};

    @Test
    void encodesLikePgAuthid() {
        assertEquals("md53175bce1d3201d16594cebf9d7eb3f9d", Md5Password.encode("postgres", "postgres"));
    }

    @Test
    void responseMatchesAnIndependentComputation() throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        String inner = HexFormat.of().formatHex(md5.digest("postgrespostgres".getBytes(StandardCharsets.UTF_8)));
        md5.update(inner.getBytes(StandardCharsets.US_ASCII));
        md5.update(SALT);
        String expected = "md5" + HexFormat.of().formatHex(md5.digest());

        assertEquals(expected, Md5Password.response("postgres", "postgres", SALT));
        assertEquals(expected, Md5Password.response("postgres", "md53175bce1d3201d16594cebf9d7eb3f9d", SALT));
    }

    @Test
    void verifiesAgainstPlainAndStoredForms() {
        String response = Md5Password.response("alice", "secret", SALT);
        String stored = Md5Password.encode("alice", "secret");

        assertTrue(Md5Password.verify("alice", "secret", SALT, response));
        assertTrue(Md5Password.verify("alice", stored, SALT, response));
        assertFalse(Md5Password.verify("alice", "wrong", SALT, response));
        assertFalse(Md5Password.verify("bob", "secret", SALT, response));
        assertFalse(Md5Password.verify("alice", "secret", new byte[] {1, 2, 3, 5}, response));
        assertFalse(Md5Password.verify("alice", "secret", SALT, null));
        assertFalse(Md5Password.verify("alice", "secret", SALT, ""));
        String scram = ScramSecret.fromPassword("secret").toString();
        assertFalse(Md5Password.verify("alice", scram, SALT, Md5Password.response("alice", scram, SALT)));
    }

    @Test
    void onlyLowercaseHexOfTheRightLengthCountsAsStoredHash() {
        assertTrue(Md5Password.looksLikeMd5Hash("md53175bce1d3201d16594cebf9d7eb3f9d"));
        assertFalse(Md5Password.looksLikeMd5Hash("md53175BCE1D3201D16594CEBF9D7EB3F9D"));
        assertFalse(Md5Password.looksLikeMd5Hash("md53175bce1d3201d16594cebf9d7eb3f9"));
        assertFalse(Md5Password.looksLikeMd5Hash("md5password"));
        assertFalse(Md5Password.looksLikeMd5Hash(null));
        // A password that merely starts with "md5" is hashed as a password.
        assertEquals(Md5Password.response("u", Md5Password.encode("u", "md5password"), SALT),
                Md5Password.response("u", "md5password", SALT));
    }

    @Test
    void saltsAreFourRandomBytes() {
        assertEquals(4, Md5Password.newSalt().length);
        assertThrows(IllegalArgumentException.class, () -> Md5Password.response("u", "p", new byte[3]));
    }
}
