// AdminRoutes: maps an admin request (method, path, query) to its response; no sockets involved.
package dev.switchboard.proxy.admin;

import java.net.URI;
import java.util.function.Supplier;

/**
 * The admin endpoint's request handling as a plain function, so every route and error case is testable without
 * HTTP. Unknown paths are 404 before the method is looked at: a POST to a typo should say "no such endpoint",
 * not "use GET".
 */
final class AdminRoutes {
    static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String JSON_TYPE = "application/json; charset=utf-8";
    static final String TEXT_TYPE = "text/plain; charset=utf-8";
    static final String ENDPOINTS =
            "GET / (dashboard), /dashboard.json, /metrics, /topology, /topology?format=text, /topology.txt, "
                    + "/health/live, /health/ready, /switchover; POST /switchover";

    /**
     * What to send back.
     *
     * @param status      HTTP status
     * @param contentType the Content-Type header
     * @param body        the body, sent as UTF-8
     */
    record Response(int status, String contentType, String body) {
        static Response text(int status, String body) {
            return new Response(status, TEXT_TYPE, body);
        }
    }

    private final AdminView view;
    private final SwitchoverRoute switchover;

    AdminRoutes(AdminView view) {
        this.view = view;
        this.switchover = new SwitchoverRoute(view.switchovers());
    }

    Response respond(String method, URI uri) {
        return respond(method, uri, "");
    }

    /** @param body the request body (empty for none), read only by POST routes */
    Response respond(String method, URI uri, String body) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (DashboardAssets.serves(path)) {
            return get(method, () -> DashboardAssets.response(path));
        }
        return switch (path) {
            case "/dashboard.json" -> get(method, () -> new Response(200, JSON_TYPE, DashboardJson.render(
                    java.time.Instant.now(), view.topologies(), view.activity(), view.recentEvents(), view.draining())
                    + "\n"));
            case "/switchover" -> switchover.respond(method, uri.getRawQuery(), body);
            case "/metrics" -> get(method, () -> new Response(200, METRICS_TYPE, view.scrape()));
            case "/topology" -> get(method, () -> topology(uri.getRawQuery()));
            case "/topology.txt" -> get(method, () -> Response.text(200, TopologyTable.render(view.topologies())));
            case "/health/live" -> get(method, () -> Response.text(200, "ok\n"));
            case "/health/ready" -> get(method, () -> {
                Readiness readiness = Readiness.of(view.topologies(), view.draining());
                return Response.text(readiness.ready() ? 200 : 503, readiness.text());
            });
            default -> Response.text(404, "no such endpoint: " + path + "\navailable: " + ENDPOINTS + "\n");
        };
    }

    private static Response get(String method, Supplier<Response> handler) {
        if (!"GET".equals(method)) {
            return Response.text(405, "method " + method + " is not allowed; use GET\n");
        }
        return handler.get();
    }

    private Response topology(String rawQuery) {
        String format = parameter(rawQuery, "format");
        if (format == null || format.equals("json")) {
            return new Response(200, JSON_TYPE, TopologyJson.render(view.topologies()) + "\n");
        }
        if (format.equals("text")) {
            return Response.text(200, TopologyTable.render(view.topologies()));
        }
        return Response.text(400, "unknown format \"" + format + "\"; use format=json or format=text\n");
    }

    /** The first value of {@code name} in a query string; the values used here need no percent-decoding. */
    static String parameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : pair.substring(eq + 1);
            }
        }
        return null;
    }
}
