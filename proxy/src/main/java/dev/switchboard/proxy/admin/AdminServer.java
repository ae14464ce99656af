// AdminServer: the admin/metrics HTTP listener (JDK HttpServer on its own thread, away from the event loops).
package dev.switchboard.proxy.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.config.HttpConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the dashboard, {@code /metrics}, {@code /topology}, the health checks and {@code /switchover}. Scrapes and
 * topology reads are rare and cheap, so a few threads handle them all, and a switchover waited for holds only one;
 * keeping them off Netty's loops means a slow scraper can never delay a query. {@link #close()} stops it.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    /** A POST /switchover holds its thread until the switchover is over; the others keep answering meanwhile. */
    private static final int THREADS = 4;
    /** Request bodies are a few parameters; anything longer is cut here. */
    private static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;

    private AdminServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code config}'s address and port (0 picks a free port) and starts serving {@code view}. */
    public static AdminServer start(HttpConfig config, AdminView view) throws IOException {
        InetSocketAddress address = new InetSocketAddress(config.address(), config.port());
        if (address.isUnresolved()) {
            throw new IOException("http.address " + config.address() + " does not resolve");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new IOException("cannot listen for HTTP on " + config.address() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "switchboard-admin");
            thread.setDaemon(true);
            return thread;
        });
        AdminRoutes routes = new AdminRoutes(view);
        server.createContext("/", exchange -> handle(routes, exchange));
        server.setExecutor(executor);
        server.start();
        AdminServer admin = new AdminServer(server, executor);
        log.info("admin HTTP endpoint on http://{}:{}/ (dashboard, metrics, topology, health)", config.address(),
                admin.port());
        return admin;
    }

    private static void handle(AdminRoutes routes, HttpExchange exchange) {
        try (exchange) {
            AdminRoutes.Response response;
            try {
                response = routes.respond(exchange.getRequestMethod(), exchange.getRequestURI(), body(exchange));
            } catch (RuntimeException e) {
                // Without this the JDK server drops the connection silently and the operator sees nothing.
                log.warn("admin request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                response = AdminRoutes.Response.text(500, "internal error: " + e + "\n");
            }
            send(exchange, response);
        } catch (IOException e) {
            log.debug("admin response to {} not sent: {}", exchange.getRemoteAddress(), e.toString());
        }
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (java.io.InputStream in = exchange.getRequestBody()) {
            return new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange exchange, AdminRoutes.Response response) throws IOException {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Server", HttpPortCheck.SERVER_NAME);
        if (response.status() == 405) {
            exchange.getResponseHeaders().set("Allow",
                    "/switchover".equals(exchange.getRequestURI().getPath()) ? "GET, POST" : "GET");
        }
        // A length of 0 would mean "chunked" to the JDK server; -1 means "no body".
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The TCP port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
