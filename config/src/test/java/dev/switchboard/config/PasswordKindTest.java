// Classification of plaintext passwords, SCRAM secrets and md5 hashes.
package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordKindTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String SALT = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes());
    private static final String SCRAM = "SCRAM-SHA-256$4096:" + SALT + "$" + KEY + ":" + KEY;
    private static final String MD5 = "md5" + "0123456789abcdef0123456789abcdef";

    @Test
    void classify() {
        assertEquals(PasswordKind.PLAINTEXT, PasswordKind.classify("hunter2"));
        assertEquals(PasswordKind.SCRAM_SECRET, PasswordKind.classify(SCRAM));
        assertEquals(PasswordKind.MD5_HASH, PasswordKind.classify(MD5));
        assertEquals(PasswordKind.PLAINTEXT, PasswordKind.classify("md5isnotahash"), "too short");
        assertEquals(PasswordKind.PLAINTEXT, PasswordKind.classify(MD5 + "0"), "too long");
        assertEquals(PasswordKind.PLAINTEXT, PasswordKind.classify("md5" + "g".repeat(32)), "not hex");
        assertEquals(PasswordKind.PLAINTEXT, PasswordKind.classify(MD5.toUpperCase()), "MD5 prefix is case-sensitive");
        assertEquals(PasswordKind.PLAINTEXT, PasswordKind.classify("scram-sha-256$x"), "SCRAM prefix is case-sensitive");
    }

    @Test
    void wellFormedValuesHaveNoProblem() {
        assertTrue(PasswordKind.problem("hunter2").isEmpty());
        assertTrue(PasswordKind.problem(SCRAM).isEmpty());
        assertTrue(PasswordKind.problem(MD5).isEmpty());
    }

    @Test
    void malformedSecrets() {
        assertProblem("", "must not be empty");
        assertProblem("SCRAM-SHA-256$", "malformed SCRAM secret");
        assertProblem("SCRAM-SHA-256$4096:" + SALT + "$" + KEY, "malformed SCRAM secret");
        assertProblem("SCRAM-SHA-256$x:" + SALT + "$" + KEY + ":" + KEY, "iteration count is not a number");
        assertProblem("SCRAM-SHA-256$0:" + SALT + "$" + KEY + ":" + KEY, "iteration count must be positive");
        assertProblem("SCRAM-SHA-256$4096:$" + KEY + ":" + KEY, "salt is empty");
        assertProblem("SCRAM-SHA-256$4096:" + SALT + "$" + SALT + ":" + KEY, "32 bytes each");
        assertProblem("SCRAM-SHA-256$4096:" + SALT + "$!!!:" + KEY, "not valid base64");
        assertProblem("md5" + "0123456789ABCDEF0123456789abcdef", "uppercase hex digits");
    }

    private static void assertProblem(String password, String fragment) {
        String problem = PasswordKind.problem(password).orElseThrow(() -> new AssertionError("no problem: " + password));
        assertTrue(problem.contains(fragment), problem);
        if (password.length() > "SCRAM-SHA-256$".length()) {
            assertFalse(problem.contains(password), "the value must not be echoed");
        }
    }
}
