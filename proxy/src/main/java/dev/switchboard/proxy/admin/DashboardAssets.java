// DashboardAssets: the dashboard's HTML, CSS and JavaScript, read once from the jar's resources.
package dev.switchboard.proxy.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The page is three small hand-written files with no outside references, so the dashboard works where the
 * proxy has no internet. They are loaded when the class is first used; a jar without them is a broken build.
 */
final class DashboardAssets {
    private static final String ROOT = "dashboard/";

    private record Asset(String file, String contentType) {
    }

    /** By their path on the HTTP listener. */
    private static final Map<String, Asset> FILES = Map.of(
            "/", new Asset("index.html", "text/html; charset=utf-8"),
            "/dashboard.css", new Asset("dashboard.css", "text/css; charset=utf-8"),
            "/dashboard.js", new Asset("dashboard.js", "text/javascript; charset=utf-8"));

    private static final Map<String, AdminRoutes.Response> RESPONSES = load();

    private DashboardAssets() {
    }

    /** Whether {@code path} is one of the dashboard's files. */
    static boolean serves(String path) {
        return RESPONSES.containsKey(path);
    }

    static AdminRoutes.Response response(String path) {
        return RESPONSES.get(path);
    }

    private static Map<String, AdminRoutes.Response> load() {
        Map<String, AdminRoutes.Response> responses = new java.util.HashMap<>();
        FILES.forEach((path, asset) -> responses.put(path,
                new AdminRoutes.Response(200, asset.contentType(), read(asset.file()))));
        return Map.copyOf(responses);
    }

    private static String read(String name) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the dashboard file " + ROOT + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
