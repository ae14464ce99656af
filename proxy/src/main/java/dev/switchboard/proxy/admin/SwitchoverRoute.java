// SwitchoverRoute: POST /switchover (run one, answer what happened) and GET /switchover (each cluster's hold state).
package dev.switchboard.proxy.admin;

import dev.switchboard.proxy.switchover.SwitchoverException;
import dev.switchboard.proxy.switchover.SwitchoverReport;
import dev.switchboard.proxy.switchover.Switchovers;
import dev.switchboard.topology.authority.Json;
import dev.switchboard.topology.authority.JsonException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The parameters {@code cluster} and {@code target} come from the query string, a form body or a JSON object
 * body. The POST answers once the switchover is over, so it holds its admin thread that long.
 */
final class SwitchoverRoute {
    private final Switchovers switchovers;

    SwitchoverRoute(Switchovers switchovers) {
        this.switchovers = switchovers;
    }

    AdminRoutes.Response respond(String method, String rawQuery, String body) {
        if (switchovers == null) {
            return AdminRoutes.Response.text(404, "switchover is not available in this process\n");
        }
        if ("GET".equals(method)) {
            return states();
        }
        if (!"POST".equals(method)) {
            return AdminRoutes.Response.text(405, "method " + method + " is not allowed; use POST (or GET for the state)\n");
        }
        Map<String, String> parameters;
        try {
            parameters = parameters(rawQuery, body);
        } catch (IllegalArgumentException | JsonException e) {
            return error(400, "unreadable request: " + e.getMessage());
        }
        try {
            SwitchoverReport report = switchovers.switchover(parameters.get("cluster"), parameters.get("target"),
                    "HTTP POST /switchover").get();
            return new AdminRoutes.Response(200, AdminRoutes.JSON_TYPE, json(report));
        } catch (SwitchoverException e) {
            return error(e.refused() ? 409 : 500, e.getMessage());
        } catch (ExecutionException | CompletionException e) {
            return error(e.getCause() instanceof SwitchoverException s && s.refused() ? 409 : 500,
                    e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "the admin endpoint is stopping; the switchover goes on");
        }
    }

    private AdminRoutes.Response states() {
        JsonWriter json = new JsonWriter().beginObject();
        for (String cluster : switchovers.clusters()) {
            json.name(cluster).value(switchovers.state(cluster).name().toLowerCase(java.util.Locale.ROOT));
        }
        return new AdminRoutes.Response(200, AdminRoutes.JSON_TYPE, json.endObject() + "\n");
    }

    static String json(SwitchoverReport r) {
        return new JsonWriter().beginObject().name("cluster").value(r.cluster()).name("old_primary")
                .value(r.oldPrimary()).name("new_primary").value(r.newPrimary()).name("write_pause_ms")
                .value(r.writePauseMs()).name("drain_ms").value(r.drainMs()).name("cancelled").value(r.cancelled())
                .name("promotion").value(r.promotion()).endObject() + "\n";
    }

    private static AdminRoutes.Response error(int status, String message) {
        return new AdminRoutes.Response(status, AdminRoutes.JSON_TYPE,
                new JsonWriter().beginObject().name("error").value(message).endObject() + "\n");
    }

    /** Query parameters, then the body's (a JSON object or form fields), the body's winning. */
    static Map<String, String> parameters(String rawQuery, String body) {
        Map<String, String> parameters = new java.util.HashMap<>();
        form(rawQuery, parameters);
        String text = body == null ? "" : body.strip();
        if (text.startsWith("{")) {
            if (!(Json.parse(text) instanceof Map<?, ?> object)) {
                throw new IllegalArgumentException("the body is not a JSON object");
            }
            for (String key : new String[] {"cluster", "target"}) {
                Object value = object.get(key);
                if (value instanceof String s) {
                    parameters.put(key, s);
                } else if (value != null) {
                    throw new IllegalArgumentException("\"" + key + "\" must be a string");
                }
            }
        } else {
            form(text, parameters);
        }
        return parameters;
    }

    private static void form(String encoded, Map<String, String> into) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!value.isEmpty()) {
                into.put(key, value);
            }
        }
    }
}
