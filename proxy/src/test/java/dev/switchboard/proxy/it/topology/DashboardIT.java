// DashboardIT: the dashboard in headless Chromium follows a switchover to the promoted standby without a reload.
package dev.switchboard.proxy.it.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.embedded.StopMode;
import dev.switchboard.proxy.it.Await;
import dev.switchboard.proxy.it.HeadlessChromium;
import dev.switchboard.proxy.it.ProxyHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The page is loaded once; everything after is what its own polling draws. A marker set on the page's window
 * before the switchover must still be there after it: a reload would have wiped it. The screenshots (desktop
 * and phone width) are left in {@code target/dashboard/} for a person to look at.
 */
class DashboardIT {
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);
    private static final Path ARTIFACTS = Path.of("target", "dashboard").toAbsolutePath();
    private static final String PRIMARY_ON_PAGE =
            "(function () { var n = document.querySelector('.node[data-role=\"primary\"]');"
                    + " return n ? n.dataset.node : null; })()";
    private static final String WRITE_TARGET_ON_PAGE =
            "(function () { var t = document.querySelector('.write-target[data-cluster=\"main\"]');"
                    + " return t ? t.textContent : null; })()";

    @RegisterExtension
    static final TopologyFixture fixture = TopologyFixture.perClass(1);

    @Test
    void pageShowsTheNewPrimaryAfterASwitchoverWithoutReloading() throws Exception {
        ProxyHarness proxy = fixture.startProxyWithHttp("{ mode: transaction, size: 4 }",
                "app: { cluster: main, dbname: app }");
        try (Connection connection = fixture.connectProxy("app"); Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1"); // a pool for the page to list
        }
        String oldPrimary = TopologyFixture.nodeId(fixture.primary());
        String newPrimary = TopologyFixture.nodeId(fixture.standby(0));
        String url = "http://127.0.0.1:" + proxy.server().adminPort() + "/";
        try (HeadlessChromium browser = HeadlessChromium.start(ARTIFACTS.resolve("chromium.log"))) {
            browser.navigate(url);
            Await.until(() -> "the page at " + url + " to show " + oldPrimary + " as primary; it shows "
                    + browser.evaluate(PRIMARY_ON_PAGE), PAGE_TIMEOUT,
                    () -> oldPrimary.equals(browser.evaluate(PRIMARY_ON_PAGE)));
            assertEquals(oldPrimary, browser.evaluate(WRITE_TARGET_ON_PAGE));
            Await.until("the page to list the pool on " + oldPrimary, PAGE_TIMEOUT, () -> Boolean.TRUE.equals(
                    browser.evaluate("document.querySelector('#pools tbody').textContent.indexOf('"
                            + oldPrimary + "') >= 0")));
            browser.evaluate("window.loadedOnce = 'still the same page'");
            browser.screenshot(ARTIFACTS.resolve("before-switchover.png"));

            fixture.primary().stop(StopMode.FAST);
            fixture.standby(0).promote();

            Await.until(() -> "the page to show " + newPrimary + " as primary; it shows "
                    + browser.evaluate(PRIMARY_ON_PAGE), PAGE_TIMEOUT,
                    () -> newPrimary.equals(browser.evaluate(PRIMARY_ON_PAGE)));
            assertEquals(newPrimary, browser.evaluate(WRITE_TARGET_ON_PAGE));
            assertEquals("still the same page", browser.evaluate("window.loadedOnce"), "the page was reloaded");
            Await.until("the page to list the write target's move in its recent events", PAGE_TIMEOUT,
                    () -> Boolean.TRUE.equals(browser.evaluate("document.getElementById('events').textContent"
                            + ".indexOf('\u2192 " + newPrimary + "') >= 0")));
            assertEquals("down", browser.evaluate("document.querySelector('.node[data-node=\"" + oldPrimary
                    + "\"]').dataset.role"));
            Path desktop = ARTIFACTS.resolve("after-switchover.png");
            browser.screenshot(desktop);

            browser.viewport(390, 844, true);
            Await.until("the phone-width page to fit its width", PAGE_TIMEOUT, () -> Boolean.TRUE.equals(
                    browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth")));
            Path phone = ARTIFACTS.resolve("after-switchover-phone.png");
            browser.screenshot(phone);
            assertTrue(Files.size(desktop) > 0 && Files.size(phone) > 0);
            System.out.println("[dashboard] screenshots: " + desktop + ", " + phone);
        }
    }
}
