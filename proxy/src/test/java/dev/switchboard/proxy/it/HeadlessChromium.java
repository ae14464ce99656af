// HeadlessChromium: Debian's chromium started headless and driven over the DevTools protocol, for browser tests.
package dev.switchboard.proxy.it;

import dev.switchboard.topology.authority.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One browser with one page, talked to through the JDK's WebSocket client: commands are JSON objects with an id,
 * their replies carry the same id, events (no id) are ignored. A missing {@code chromium} fails the test
 * ({@link ExternalProgram#require}); {@code .ci/run} installs it. {@link #close()} ends the browser and deletes its
 * profile.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts the browser on a blank page; its output goes to {@code log}. */
    public static HeadlessChromium start(Path log) throws IOException {
        ExternalProgram chromium = ExternalProgram.require("chromium");
        Path profile = Files.createTempDirectory("switchboard-chromium");
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(chromium.path().toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--remote-debugging-port=0",
                "--remote-debugging-address=127.0.0.1", "--user-data-dir=" + profile, "--window-size=1280,900",
                "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // Chromium writes the port it bound (and the browser's path) into the profile once it listens.
            Path activePort = profile.resolve("DevToolsActivePort");
            int port = Await.value(() -> "chromium's DevTools port (log: " + log + ", alive: "
                    + process.isAlive() + ")", Duration.ofSeconds(60), () -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("chromium exited with " + process.exitValue() + "; see " + log);
                        }
                        List<String> lines = Files.exists(activePort) ? Files.readAllLines(activePort) : List.of();
                        return lines.isEmpty() || lines.get(0).isBlank() ? null : Integer.valueOf(lines.get(0).trim());
                    });
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = Await.value("a page target of chromium", Duration.ofSeconds(30),
                    () -> pageTarget(http, port));
            Listener listener = new Listener();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), listener)
                    .get(30, TimeUnit.SECONDS);
            HeadlessChromium browser = new HeadlessChromium(process, profile, socket);
            listener.browser = browser;
            return browser;
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            deleteTree(profile);
            if (e instanceof AssertionError error) {
                throw error;
            }
            throw new IOException("could not drive chromium: " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static String pageTarget(HttpClient http, int port) throws IOException, InterruptedException {
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString());
        for (Object target : (List<Object>) Json.parse(list.body())) {
            Map<String, Object> t = (Map<String, Object>) target;
            if ("page".equals(t.get("type"))) {
                return (String) t.get("webSocketDebuggerUrl");
            }
        }
        return null;
    }

    /** Loads {@code url} in the page (its scripts run on; wait for what they draw with {@link #evaluate}). */
    public void navigate(String url) {
        command("Page.navigate", "{\"url\":" + quote(url) + "}");
    }

    /** The value of a JavaScript expression in the page, as JSON gives it (String, Number, Boolean, null...). */
    @SuppressWarnings("unchecked")
    public Object evaluate(String expression) {
        Map<String, Object> result = command("Runtime.evaluate",
                "{\"expression\":" + quote(expression) + ",\"returnByValue\":true}");
        if (result.containsKey("exceptionDetails")) {
            throw new IllegalStateException("the page threw: " + result.get("exceptionDetails"));
        }
        return ((Map<String, Object>) result.get("result")).get("value");
    }

    /** Makes the page {@code width} × {@code height} CSS pixels; {@code mobile} emulates a phone's viewport. */
    public void viewport(int width, int height, boolean mobile) {
        command("Emulation.setDeviceMetricsOverride", "{\"width\":" + width + ",\"height\":" + height
                + ",\"deviceScaleFactor\":1,\"mobile\":" + mobile + "}");
    }

    /** Saves a PNG of the whole page (not only the viewport) to {@code file}. */
    public void screenshot(Path file) throws IOException {
        Map<String, Object> result = command("Page.captureScreenshot",
                "{\"format\":\"png\",\"captureBeyondViewport\":true}");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode((String) result.get("data")));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> command(String method, String params) {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).join();
        Map<String, Object> message;
        try {
            message = reply.get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no reply from chromium to " + method + ": " + e, e);
        } finally {
            pending.remove(id);
        }
        if (message.containsKey("error")) {
            throw new IllegalStateException(method + " failed: " + message.get("error"));
        }
        return (Map<String, Object>) message.get("result");
    }

    @SuppressWarnings("unchecked")
    private void received(String text) {
        Map<String, Object> message = (Map<String, Object>) Json.parse(text);
        Object id = message.get("id");
        if (id instanceof Number n) {
            CompletableFuture<Map<String, Object>> reply = pending.get(n.intValue());
            if (reply != null) {
                reply.complete(message);
            }
        }
    }

    /** A JSON string literal. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Gathers a message's fragments; each whole message goes to the browser's reply matching. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile HeadlessChromium browser;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                if (browser != null) {
                    browser.received(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        socket.abort();
        // Chromium's helpers (zygote, renderer, network service) write into the profile too: they end with it.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        helpers.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle helper : helpers) {
                helper.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            helpers.forEach(ProcessHandle::destroyForcibly);
        }
        deleteTree(profile);
    }

    /** Deletes the profile; a file that vanishes meanwhile (a helper's temporary file) means another walk. */
    private static void deleteTree(Path root) {
        for (int walk = 0; walk < 3; walk++) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                return;
            } catch (IOException | java.io.UncheckedIOException e) {
                // walked into a file that was just removed: walk what is left
            }
        }
        // a leftover temporary profile is harmless
    }
}
