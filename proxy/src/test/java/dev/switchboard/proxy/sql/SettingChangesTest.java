// SettingChangesTest: SET/RESET statements become the set_config replays the server would end up with.
package dev.switchboard.proxy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.proxy.sql.SettingChange.Reset;
import dev.switchboard.proxy.sql.SettingChange.ResetAll;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingChangesTest {

    private static List<SettingChange> changes(String sql) {
        return SqlClassifier.classify(sql).settingChanges();
    }

    private static SettingChange set(String name, String value) {
        return new SettingChange.Set(name, value);
    }

    @Test
    void searchPathKeepsQuotedMixedCaseSchemas() {
        assertEquals(List.of(set("search_path", "a, \"B\"")), changes("SET search_path TO a, \"B\""));
        assertEquals(List.of(set("search_path", "\"My Schema\", public")),
                changes("set SEARCH_PATH = 'My Schema', PUBLIC"));
        assertEquals(List.of(set("search_path", "\"$user\", public")), changes("SET search_path TO \"$user\", public"));
        // one string is one schema, exactly as the server takes it
        assertEquals(List.of(set("search_path", "\"a, b\"")), changes("SET search_path = 'a, b'"));
        assertEquals(List.of(set("search_path", "myschema")), changes("SET search_path TO MySchema"));
    }

    @Test
    void timeZoneForms() {
        assertEquals(List.of(set("timezone", "Europe/Rome")), changes("SET TimeZone TO 'Europe/Rome'"));
        assertEquals(List.of(set("timezone", "Europe/Rome")), changes("SET TIME ZONE 'Europe/Rome'"));
        assertEquals(List.of(set("timezone", "utc")), changes("set time zone UTC"));
        assertEquals(List.of(set("timezone", "-7")), changes("SET TIME ZONE -7"));
        assertEquals(List.of(set("timezone", "5.5")), changes("SET TIME ZONE +5.5"));
        assertEquals(List.of(set("timezone", "INTERVAL '+02:00'")),
                changes("SET TIME ZONE INTERVAL '+02:00' HOUR TO MINUTE"));
        assertEquals(List.of(new Reset("timezone")), changes("SET TIME ZONE LOCAL"));
        assertEquals(List.of(new Reset("timezone")), changes("SET TIME ZONE DEFAULT"));
        assertEquals(List.of(new Reset("timezone")), changes("RESET TIME ZONE"));
        assertEquals(List.of(new Reset("timezone")), changes("reset timezone"));
    }

    @Test
    void stringValuesAreUnquotedAndDecoded() {
        assertEquals(List.of(set("datestyle", "ISO, MDY")), changes("SET DateStyle TO 'ISO, MDY'"));
        assertEquals(List.of(set("datestyle", "iso, mdy")), changes("SET DateStyle = ISO, MDY"));
        assertEquals(List.of(set("application_name", "x y")), changes("SET application_name = 'x y'"));
        assertEquals(List.of(set("application_name", "it's")), changes("SET application_name = 'it''s'"));
        assertEquals(List.of(set("application_name", "it's")), changes("SET application_name = E'it\\'s'"));
        assertEquals(List.of(set("application_name", "a;b")), changes("SET application_name = $$a;b$$"));
        assertEquals(List.of(set("application_name", "Quoted Ident")),
                changes("SET application_name = \"Quoted Ident\""));
        assertEquals(List.of(set("application_name", "A!")), changes("SET application_name = U&'\\0041!'"));
        assertEquals(List.of(set("application_name", "A")), changes("SET application_name = U&'!0041' UESCAPE '!'"));
        assertEquals(List.of(set("application_name", "ab")), changes("SET application_name = 'a'\n'b'"));
    }

    @Test
    void unquotedWordsFoldToLowerCaseAsTheServerDoes() {
        assertEquals(List.of(set("application_name", "myapp")), changes("SET application_name TO MyApp"));
        assertEquals(List.of(set("enable_seqscan", "off")), changes("SET enable_seqscan = OFF"));
        assertEquals(List.of(set("enable_seqscan", "true")), changes("SET enable_seqscan TO TRUE"));
    }

    @Test
    void numericValues() {
        assertEquals(List.of(set("statement_timeout", "5000")), changes("SET statement_timeout = 5000"));
        assertEquals(List.of(set("statement_timeout", "5s")), changes("SET statement_timeout TO '5s'"));
        assertEquals(List.of(set("work_mem", "64MB")), changes("SET work_mem = '64MB'"));
        assertEquals(List.of(set("extra_float_digits", "-3")), changes("SET extra_float_digits = -3"));
        assertEquals(List.of(set("extra_float_digits", "3")), changes("SET extra_float_digits = +3"));
        assertEquals(List.of(set("random_page_cost", "1.5")), changes("SET random_page_cost = 1.5"));
        assertEquals(List.of(set("statement_timeout", "5")), changes("SET statement_timeout = 0005"));
        assertEquals(List.of(set("x.y", "99999999999")), changes("SET x.y = 99999999999"));
    }

    @Test
    void namesAreLowerCasedAndCustomNamesKeepTheirDot() {
        assertEquals(List.of(set("myapp.tenant", "42")), changes("SET myapp.tenant = 42"));
        assertEquals(List.of(set("myapp.tenant", "Acme")), changes("SET MyApp.Tenant TO 'Acme'"));
        assertEquals(List.of(set("myapp.tenant", "acme")), changes("SET \"MyApp\".tenant = acme"));
        assertEquals(List.of(new Reset("myapp.tenant")), changes("RESET myapp.Tenant"));
    }

    @Test
    void sessionKeywordIsOptional() {
        assertEquals(List.of(set("search_path", "s")), changes("SET SESSION search_path TO s"));
    }

    @Test
    void defaultMeansReset() {
        assertEquals(List.of(new Reset("search_path")), changes("SET search_path TO DEFAULT"));
        assertEquals(List.of(new Reset("work_mem")), changes("set work_mem = default"));
        assertEquals(List.of(new Reset("statement_timeout")), changes("RESET statement_timeout"));
        assertEquals(List.of(new ResetAll()), changes("RESET ALL"));
    }

    @Test
    void specialForms() {
        assertEquals(List.of(set("search_path", "x")), changes("SET SCHEMA 'x'"));
        assertEquals(List.of(set("search_path", "\"My\"")), changes("SET SCHEMA 'My'"));
        assertEquals(List.of(set("client_encoding", "UTF8")), changes("SET NAMES 'UTF8'"));
        assertEquals(List.of(), changes("SET NAMES LATIN1")); // a syntax error on the server
        assertEquals(List.of(new Reset("client_encoding")), changes("SET NAMES DEFAULT"));
        assertEquals(List.of(set("xmloption", "document")), changes("SET XML OPTION DOCUMENT"));
    }

    @Test
    void transactionScopedFormsAreNoSettingChange() {
        for (String sql : List.of("SET LOCAL search_path TO a", "SET LOCAL TIME ZONE 'UTC'",
                "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "SET SESSION TRANSACTION READ ONLY",
                "SET TRANSACTION SNAPSHOT '00000003-0000001B-1'", "SET CONSTRAINTS ALL DEFERRED",
                "RESET TRANSACTION ISOLATION LEVEL", "SET search_path FROM CURRENT")) {
            Classification c = SqlClassifier.classify(sql);
            assertEquals(List.of(), c.settingChanges(), sql);
            assertTrue(c.isPlain(), sql);
        }
    }

    @Test
    void roleAndAuthorizationPinInsteadOfSetting() {
        for (String sql : List.of("SET ROLE admin", "SET SESSION ROLE 'admin'", "SET role = admin",
                "SET SESSION AUTHORIZATION bob", "set session authorization 'bob'")) {
            Classification c = SqlClassifier.classify(sql);
            assertEquals(List.of(), c.settingChanges(), sql);
            assertEquals(Set.of(PinReason.SESSION_AUTHORIZATION), c.pins(), sql);
        }
        assertEquals(Set.of(PinReason.SESSION_CHARACTERISTICS),
                SqlClassifier.classify("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE").pins());
        assertTrue(SqlClassifier.classify("SET LOCAL ROLE admin").isPlain());
    }

    @Test
    void givingBackTheIdentityMayReleaseThePin() {
        for (String sql : List.of("SET ROLE NONE", "RESET ROLE", "RESET SESSION AUTHORIZATION",
                "SET SESSION AUTHORIZATION DEFAULT", "SET role TO 'none'")) {
            Classification c = SqlClassifier.classify(sql);
            assertEquals(Set.of(), c.pins(), sql);
            assertTrue(c.mayReleasePins(), sql);
            assertEquals(List.of(), c.settingChanges(), sql);
        }
    }

    @Test
    void invalidStatementsChangeNothing() {
        for (String sql : List.of("SET", "SET x", "SET x TO", "SET x TO a b", "SET x = (1)", "RESET",
                "SET TIME ZONE", "SET x TO DEFAULT junk", "SET x TO B'01'")) {
            assertEquals(List.of(), changes(sql), sql);
        }
    }

    @Test
    void severalStatementsKeepTheirOrder() {
        assertEquals(List.of(set("a.b", "1"), new Reset("c.d"), new ResetAll(), set("timezone", "UTC")),
                changes("SET a.b = 1; RESET c.d; SELECT 1; RESET ALL; SET TIME ZONE 'UTC';"));
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertEquals(List.of(set("timezone", "UTC")), changes("sEt TiMe ZoNe 'UTC'"));
        assertEquals(List.of(new ResetAll()), changes("reset all"));
    }
}
