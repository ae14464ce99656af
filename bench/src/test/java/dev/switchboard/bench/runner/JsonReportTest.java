// JsonReportTest: escaping, number formatting, null for missing values, medians per target.
package dev.switchboard.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReportTest {

    @Test
    void stringsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", JsonReport.string("a\"b\\c\nd\u0001"));
        assertEquals("null", JsonReport.string(null));
    }

    @Test
    void numbersAreShortAndMissingOnesNull() {
        assertEquals("12345", JsonReport.number(12345.0));
        assertEquals("1234.57", JsonReport.number(1234.5678));
        assertEquals("0.0123457", JsonReport.number(0.01234567));
        assertEquals("null", JsonReport.number(Double.NaN));
        assertEquals("null", JsonReport.number(Double.POSITIVE_INFINITY));
    }

    @Test
    void documentHasMediansAndRuns() {
        BenchResults results = Results.selectOnly(List.of("direct", "switchboard"), List.of(
                Results.tps("direct", 1, 1000), Results.tps("switchboard", 1, 500),
                Results.tps("direct", 2, 3000), Results.tps("switchboard", 2, 700)));
        String json = JsonReport.render(results);
        assertTrue(json.contains("\"medians\": {\"direct\": {\"tps\": 2000, \"p50Ms\": null"), json);
        assertTrue(json.contains("\"switchboard\": {\"tps\": 600,"), json);
        assertTrue(json.contains("{\"target\": \"direct\", \"round\": 2, \"tps\": 3000,"), json);
        assertTrue(json.contains("\"rssBytes\": null"), json);
        assertTrue(json.contains("\"pgbouncer\": \"PgBouncer 1.18.0\""), json);
        assertEquals(json.chars().filter(c -> c == '{').count(), json.chars().filter(c -> c == '}').count());
        assertEquals(json.chars().filter(c -> c == '[').count(), json.chars().filter(c -> c == ']').count());
    }
}
