// PatroniAuthorityTest: polling fake Patroni REST servers (JDK HttpServer): URL fallback, failures, the thread's lifecycle.
package dev.switchboard.topology.authority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.topology.AuthorityVerdict;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PatroniAuthorityTest {
    private static final Duration POLL = Duration.ofMillis(20);

    private final List<FakePatroni> servers = new ArrayList<>();
    private final List<PatroniAuthority> authorities = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        authorities.forEach(PatroniAuthority::close);
        servers.forEach(FakePatroni::stop);
    }

    @Test
    void readsTheLeaderFromClusterEndpoint() throws Exception {
        FakePatroni patroni = fake(200, PatroniClusterDocumentTest.TWO_MEMBERS);
        // A trailing slash on the base URL still yields /cluster.
        PatroniAuthority authority = authority(URI.create(patroni.baseUrl() + "/"));
        assertEquals(AuthorityVerdict.leader("127.0.0.1:25431"), authority.poll());
        assertEquals("/cluster", patroni.lastPath.get());
        assertEquals("GET", patroni.lastMethod.get());
    }

    @Test
    void noLeaderIsAReadableVerdictWithoutLeader() throws Exception {
        FakePatroni patroni = fake(200, "{\"members\": [{\"name\": \"n1\", \"role\": \"replica\", \"host\": \"h\", \"port\": 1}]}");
        AuthorityVerdict verdict = authority(patroni.baseUrl()).poll();
        assertTrue(verdict.readable(), verdict::toString);
        assertNull(verdict.leader());
    }

    @Test
    void fallsBackToTheNextUrlAndStartsThereNextTime() throws Exception {
        FakePatroni failing = fake(503, "{\"members\": []}");
        FakePatroni answering = fake(200, PatroniClusterDocumentTest.AFTER_SWITCHOVER);
        PatroniAuthority authority = authority(failing.baseUrl(), answering.baseUrl());

        assertEquals(AuthorityVerdict.leader("127.0.0.1:25432"), authority.poll());
        assertEquals(1, failing.requests.get());
        assertEquals(AuthorityVerdict.leader("127.0.0.1:25432"), authority.poll());
        assertEquals(1, failing.requests.get(), "the URL that answered last is asked first");
        assertEquals(2, answering.requests.get());
    }

    @Test
    void aRefusedConnectionFallsBackToTheNextUrl() throws Exception {
        FakePatroni answering = fake(200, PatroniClusterDocumentTest.TWO_MEMBERS);
        PatroniAuthority authority = authority(URI.create("http://127.0.0.1:" + closedPort()), answering.baseUrl());
        assertEquals(AuthorityVerdict.leader("127.0.0.1:25431"), authority.poll());
    }

    @Test
    void allUrlsFailingIsUnreadableWithEachReason() throws Exception {
        FakePatroni unavailable = fake(503, "");
        FakePatroni garbage = fake(200, "<html>not json</html>");
        URI refused = URI.create("http://127.0.0.1:" + closedPort());
        AuthorityVerdict verdict = authority(unavailable.baseUrl(), garbage.baseUrl(), refused).poll();

        assertFalse(verdict.readable());
        assertNull(verdict.leader());
        String error = verdict.error();
        assertTrue(error.contains(unavailable.baseUrl() + "/cluster: HTTP 503"), error);
        assertTrue(error.contains(garbage.baseUrl() + "/cluster: unusable /cluster document"), error);
        assertTrue(error.contains(refused + "/cluster: ConnectException"), error);
    }

    @Test
    void aWronglyShapedDocumentIsUnreadable() throws Exception {
        FakePatroni patroni = fake(200, "{\"members\": [{\"name\": \"a\", \"role\": \"leader\"}]}");
        AuthorityVerdict verdict = authority(patroni.baseUrl()).poll();
        assertFalse(verdict.readable());
        assertTrue(verdict.error().contains("leader a has no \"host\""), verdict.error());
    }

    @Test
    void anOversizedBodyIsRefused() throws Exception {
        String padding = " ".repeat(PatroniAuthority.MAX_BODY_BYTES);
        FakePatroni patroni = fake(200, PatroniClusterDocumentTest.TWO_MEMBERS + padding);
        AuthorityVerdict verdict = authority(patroni.baseUrl()).poll();
        assertFalse(verdict.readable());
        assertTrue(verdict.error().contains("larger than " + PatroniAuthority.MAX_BODY_BYTES), verdict.error());
    }

    @Test
    void aHungServerTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakePatroni hung = fake(200, PatroniClusterDocumentTest.TWO_MEMBERS);
        hung.beforeAnswer = () -> release.await(30, TimeUnit.SECONDS);
        try {
            AuthorityVerdict verdict = authority(hung.baseUrl()).poll();
            assertFalse(verdict.readable());
            assertTrue(verdict.error().contains("HttpTimeoutException") || verdict.error().contains("no complete response"),
                    verdict.error());
        } finally {
            release.countDown();
        }
    }

    @Test
    void theThreadReportsEveryVerdictUntilClosed() throws Exception {
        FakePatroni patroni = fake(200, PatroniClusterDocumentTest.TWO_MEMBERS);
        PatroniAuthority authority = new PatroniAuthority("main", List.of(patroni.baseUrl()), POLL);
        authorities.add(authority);
        BlockingQueue<AuthorityVerdict> verdicts = new LinkedBlockingQueue<>();
        AtomicReference<String> threadName = new AtomicReference<>();
        authority.start(v -> {
            threadName.set(Thread.currentThread().getName());
            verdicts.add(v);
        });

        // Repeated verdicts are reported too, not only changes.
        for (int i = 0; i < 3; i++) {
            assertEquals(AuthorityVerdict.leader("127.0.0.1:25431"), verdicts.poll(10, TimeUnit.SECONDS));
        }
        patroni.body = PatroniClusterDocumentTest.AFTER_SWITCHOVER;
        awaitVerdict(verdicts, AuthorityVerdict.leader("127.0.0.1:25432"));
        patroni.status = 500;
        AuthorityVerdict failed = awaitVerdict(verdicts, null);
        assertTrue(failed.error().contains("HTTP 500"), failed.error());
        assertEquals("sb-patroni-main", threadName.get());

        authority.close();
        authority.close(); // idempotent
        assertFalse(threadAlive("sb-patroni-main"), "close() ends the polling thread");
        assertThrows(IllegalStateException.class, () -> authority.start(v -> { }));
    }

    @Test
    void aFailingListenerDoesNotStopPolling() throws Exception {
        FakePatroni patroni = fake(200, PatroniClusterDocumentTest.TWO_MEMBERS);
        PatroniAuthority authority = authority(patroni.baseUrl());
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch thirdCall = new CountDownLatch(3);
        authority.start(v -> {
            calls.incrementAndGet();
            thirdCall.countDown();
            throw new IllegalStateException("listener bug");
        });
        assertTrue(thirdCall.await(10, TimeUnit.SECONDS), "calls: " + calls.get());
    }

    @Test
    void startsOnce() {
        PatroniAuthority authority = authority(URI.create("http://127.0.0.1:" + closedPort()));
        authority.start(v -> { });
        assertThrows(IllegalStateException.class, () -> authority.start(v -> { }));
    }

    @Test
    void threadIsNamedAfterTheFirstUrlByDefault() throws Exception {
        FakePatroni patroni = fake(200, PatroniClusterDocumentTest.TWO_MEMBERS);
        PatroniAuthority authority = authority(patroni.baseUrl());
        AtomicReference<String> threadName = new AtomicReference<>();
        CountDownLatch called = new CountDownLatch(1);
        authority.start(v -> {
            threadName.set(Thread.currentThread().getName());
            called.countDown();
        });
        assertTrue(called.await(10, TimeUnit.SECONDS));
        assertEquals("sb-patroni-127.0.0.1:" + patroni.server.getAddress().getPort(), threadName.get());
    }

    @Test
    void constructorRefusesUnusableArguments() {
        URI ok = URI.create("http://127.0.0.1:8008");
        assertThrows(IllegalArgumentException.class, () -> new PatroniAuthority(List.of(), POLL));
        assertThrows(IllegalArgumentException.class, () -> new PatroniAuthority(List.of(URI.create("ftp://h:1")), POLL));
        assertThrows(IllegalArgumentException.class, () -> new PatroniAuthority(List.of(URI.create("/cluster")), POLL));
        assertThrows(IllegalArgumentException.class, () -> new PatroniAuthority(List.of(ok), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new PatroniAuthority(List.of(ok), Duration.ofMillis(-1)));
        assertEquals(List.of(URI.create("http://127.0.0.1:8008/cluster"), URI.create("https://h:8443/api/cluster")),
                new PatroniAuthority(List.of(ok, URI.create("https://h:8443/api//")), POLL).clusterUrls());
    }

    private static AuthorityVerdict awaitVerdict(BlockingQueue<AuthorityVerdict> verdicts, AuthorityVerdict wanted)
            throws InterruptedException {
        // wanted == null: the first unreadable verdict.
        for (;;) {
            AuthorityVerdict v = verdicts.poll(10, TimeUnit.SECONDS);
            assertNotNull(v, "no verdict within 10s while waiting for " + (wanted == null ? "an unreadable one" : wanted));
            if (wanted == null ? !v.readable() : wanted.equals(v)) {
                return v;
            }
        }
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    private PatroniAuthority authority(URI... urls) {
        PatroniAuthority authority = new PatroniAuthority(List.of(urls), POLL);
        authorities.add(authority);
        return authority;
    }

    private FakePatroni fake(int status, String body) throws IOException {
        FakePatroni server = new FakePatroni(status, body);
        servers.add(server);
        return server;
    }

    /** A port nothing listens on: bound and released at once. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Patroni REST API stand-in answering every request with a settable status and body. */
    private static final class FakePatroni {
        interface Delay {
            void run() throws InterruptedException;
        }

        final HttpServer server;
        final ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-patroni");
            t.setDaemon(true);
            return t;
        });
        final AtomicInteger requests = new AtomicInteger();
        final AtomicReference<String> lastPath = new AtomicReference<>();
        final AtomicReference<String> lastMethod = new AtomicReference<>();
        volatile int status;
        volatile String body;
        volatile Delay beforeAnswer = () -> { };

        FakePatroni(int status, String body) throws IOException {
            this.status = status;
            this.body = body;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(executor);
            server.createContext("/", this::answer);
            server.start();
        }

        URI baseUrl() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        private void answer(HttpExchange exchange) throws IOException {
            requests.incrementAndGet();
            lastPath.set(exchange.getRequestURI().getPath());
            lastMethod.set(exchange.getRequestMethod());
            try {
                beforeAnswer.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        void stop() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
