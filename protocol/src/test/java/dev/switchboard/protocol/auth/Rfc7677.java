// The SCRAM-SHA-256 example exchange of RFC 7677 section 3, shared by the session tests.
package dev.switchboard.protocol.auth;

import java.util.Base64;

final class Rfc7677 {

    static final String USER = "user";
    static final String PASSWORD = "pencil";
    static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    static final String SALT_BASE64 = "W22ZaJ0SNY7soEsUEjb6gQ==";
    static final int ITERATIONS = 4096;

    static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private Rfc7677() {
    }

    static byte[] salt() {
        return Base64.getDecoder().decode(SALT_BASE64);
    }

    static ScramSecret secret() {
        return ScramSecret.fromPassword(PASSWORD, salt(), ITERATIONS);
    }

    static ScramServerSession server() {
        return new ScramServerSession(secret(), () -> SERVER_NONCE);
    }
}
