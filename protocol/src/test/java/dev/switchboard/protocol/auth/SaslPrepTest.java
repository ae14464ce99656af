// Tests SASLprep of passwords against secrets that PostgreSQL itself generated.
package dev.switchboard.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SaslPrepTest {

    /**
     * Each password was set with {@code CREATE ROLE ... PASSWORD} on PostgreSQL 15 (UTF8 database,
     * password_encryption = scram-sha-256); the secret is what pg_authid.rolpassword then held.
     */
    static Stream<Arguments> postgresSecrets() {
        return Stream.of(
                Arguments.of("NFKC leaves composed text alone", "p\u00e4ssw\u00f6rd",
                        "SCRAM-SHA-256$4096:PR4ynfavLPSCUVjr1r4FoA==$Cjvkc15m14QT/PuuMSpFGtQR+jV0rkzYt6huHbXbTVQ="
                                + ":Ln7RiNqNj3wvKjMx+QhxLWoo25u0uVZ1M1MkPXy4xSc="),
                Arguments.of("decomposed text is composed", "pa\u0308ssword",
                        "SCRAM-SHA-256$4096:Fmxt+fUYX35OCH+ffmhzgw==$XTAF6QnnEbtRXnY/cpbBkTdnYO5u6AZSBhaY2nR75mU="
                                + ":M+z3rvMkcxvLSVS0VEBEcc4aZN+xVi9sQwKmFwBVarE="),
                Arguments.of("no-break space becomes a space", "a\u00a0b\u00e9",
                        "SCRAM-SHA-256$4096:kuT4IImE2xguG6tAQv82yQ==$eFKi48dj4fUN1HXmc1mibYSXsY0yxx/5JxJdBOAmUF8="
                                + ":E32J/55/W8JnJH8Cqbn3OVR/aThMST134yU5PRxPk+Q="),
                Arguments.of("soft hyphen is mapped to nothing", "pass\u00adword\u00e9",
                        "SCRAM-SHA-256$4096:3bSu7K96c4vQGHmQw5Vxpw==$jSgTHnZ3VIiI69KJBC87LkjU6yMd6Qz2qhnt2sCTzw8="
                                + ":8Hyoh2BenmvwCI5zoJFOVWwjA6oZZKCns7ojXVy4JbA="),
                Arguments.of("fullwidth letters fold to ASCII", "\uff50\uff41\uff53\uff53",
                        "SCRAM-SHA-256$4096:8jNis5fbVQDuafrlFygQLQ==$42hkMmBKNK9M4e/3jFUvRts4aoca55KBhI8j4NtG6kM="
                                + ":zCOtSTsm/rGxLD5qTVHw7jwGqtwpZNh0bEaTP0oUBvw="),
                Arguments.of("ligature is expanded", "\ufb01ne\u00e9",
                        "SCRAM-SHA-256$4096:jETjNYXuo/dpgqgd8GPmew==$b0BOUJ+0pOVV0BG9ZKZBgrICR7a//klFskcAhcrA+yg="
                                + ":LLNm3FzKJmjshsEbuSj657ZOGGG5Sg4PMXR7Fo3nRvo="),
                Arguments.of("control character: raw bytes", "caf\u00e9\u0007",
                        "SCRAM-SHA-256$4096:xssCWEjZe/7ZMwMjPDNr6g==$8RaNzNj5uwW/3MG4Q7e+snMQWg0wz59X3LIcOlArAtk="
                                + ":fvqVO+vo1Nj3Bjd24orHo8CAN8aAKo76VrQ4Tm7/YpI="),
                Arguments.of("unassigned in Unicode 3.2: raw, not composed", "e\u0301\uD83D\uDE00",
                        "SCRAM-SHA-256$4096:fJaiuUvoxxOpF5Hr5Gwu9g==$G/1NSFIvLlxdKEQioc+0J/Q8UYvPeKL9joK51WuI23U="
                                + ":9Lb2/FhI+YJOIaYy1ONZ+jMQB9nM0J8e05DGFzdyxjo="),
                Arguments.of("right-to-left text", "\u05e9\u05dc\u05d5\u05dd",
                        "SCRAM-SHA-256$4096:4eSS7WMjNiYls9ZRNxaB2A==$RNGwqr6V5yLTdQXmqqGVV6W4opGrw/FydLEBDYj5+68="
                                + ":w65ATkyXo5/IAc/ZEgBwooFsAyIv/xh0MZtv2QrksK0="),
                Arguments.of("mixed directions: raw bytes", "abc\u05e9\u05dc\u05d5\u05dd",
                        "SCRAM-SHA-256$4096:H4m8kOOBi3NasFTyYJrj+w==$JwxfMxp3VJB1ezDWZbjlws598IAULPLNJhIrW844PcU="
                                + ":yMoFvFQsTIUjU59Ns77fmCBRr5Zbwkw1/FeiGawsDgg="),
                Arguments.of("empty after mapping: raw bytes", "\u00ad",
                        "SCRAM-SHA-256$4096:BTlq3YykvvwZlEqwTQVXgQ==$kVaSA/pzBXXzWinZF6MMI3NyCOTyK51Np11D6ja+r6Y="
                                + ":rZVhhaWXfVnJNZ4rGQMzIzwhMrXYrLc5Yt1pLuKrcm4="),
                Arguments.of("zero width space counts as a space", "x\u200by\u00e9",
                        "SCRAM-SHA-256$4096:FaPyh6/j+yfltFE3xBQyig==$HkkLWlF4KAifn9ba8DpjiTuYTbBJsEpH0LMwBfMd8mI="
                                + ":C7XQ7mgiKDndIDcNFVYcnn6d4s/wa+/YjHENBXjK2tI="),
                Arguments.of("compatibility numeral", "\u2163\u00e9",
                        "SCRAM-SHA-256$4096:LW0VJ1bzg5vxBcuJhwCQpw==$QHEm6w5y1j9mX8uynzxozXsQmkWvPH5Cffzm4tK8Plo="
                                + ":n1O/m5BMVMbGRWXbt9wqldh3oN3MCuJTow5tZTPlBCQ="));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgresSecrets")
    void derivesTheSecretPostgresStores(String why, String password, String pgSecret) {
        ScramSecret expected = ScramSecret.parse(pgSecret);

        ScramSecret actual = ScramSecret.fromPassword(password, expected.salt(), expected.iterations());

        assertEquals(pgSecret, actual.toString(), why);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgresSecrets")
    void clientSessionAuthenticatesAgainstThatSecret(String why, String password, String pgSecret)
            throws ScramException {
        ScramServerSession server = new ScramServerSession(ScramSecret.parse(pgSecret));
        ScramClientSession client = new ScramClientSession(password);

        String clientFinal = client.handleServerFirst(server.handleClientFirst(client.clientFirstMessage()));
        client.verifyServerFinal(server.handleClientFinal(clientFinal));
    }

    @org.junit.jupiter.api.Test
    void mapsAndNormalises() {
        assertEquals("pencil", SaslPrep.prepare("pencil"));
        assertEquals("I X", SaslPrep.prepare("I\u00a0\u2169"));
        assertEquals("\u00e4", SaslPrep.prepare("a\u0308"));
        assertEquals("ab", SaslPrep.prepare("a\u00adb\ufe0f"));
        // ASCII is taken as is, even with control characters (PostgreSQL's shortcut).
        assertEquals("a\tb", SaslPrep.prepare("a\tb"));
        assertNull(SaslPrep.prepare("\u00e9\u0000"));
        assertNull(SaslPrep.prepare("\u00e9\uD800"));
        assertNull(SaslPrep.prepare("\u0627a\u0628"));
        assertEquals("\u0627 \u0628", SaslPrep.prepare("\u0627\u00a0\u0628"));
    }
}
