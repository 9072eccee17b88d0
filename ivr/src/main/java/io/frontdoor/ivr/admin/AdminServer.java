package io.frontdoor.ivr.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.frontdoor.ivr.sip.SipAgents;
import io.frontdoor.ivr.sip.media.MediaStats;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API on the JDK's built-in HTTP server, one virtual thread per request. JSON in
 * and out; errors are {@code {"error": "..."}}. With a token set, every request must carry
 * {@code Authorization: Bearer <token>} (else 401).
 *
 * <ul>
 *   <li>{@code GET /health}: {@code {"status":"up"}}</li>
 *   <li>{@code GET /agents}: the embedded SIP endpoint's agents and their state</li>
 *   <li>{@code POST /agents/{id}/ready}, {@code POST /agents/{id}/not-ready}: the agent's new state</li>
 *   <li>{@code GET /media}: the embedded SIP endpoint's RTP figures (streams, packets, send lateness
 *   and jitter since start and in the current window); {@code POST /media/reset} answers the same
 *   and starts a new window</li>
 * </ul>
 *
 * The agents endpoints answer 409 when agent state is not FrontDoor's to keep (no SIP agents, or
 * callbacks placed through Asterisk or FreeSWITCH, whose queues hold the agents).
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    private static final Pattern AGENT_ACTION = Pattern.compile("/agents/([A-Za-z0-9._+-]{1,64})/(ready|not-ready)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer http;
    private final ExecutorService threads;
    private final byte[] token;
    private final SipAgents agents;
    private final String agentsElsewhere;
    private volatile java.util.function.Function<Boolean, MediaStats.Snapshot> media;

    /**
     * @param agents          the SIP endpoint's agents, or null when agent state lives elsewhere
     * @param agentsElsewhere why there are no agents here (the 409 message) when {@code agents} is null
     */
    private AdminServer(HttpServer http, String token, SipAgents agents, String agentsElsewhere) {
        this.http = http;
        this.token = token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.agents = agents;
        this.agentsElsewhere = agentsElsewhere;
        this.threads = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(threads);
        http.createContext("/", this::handle);
    }

    /**
     * Refuses a listener reachable from other hosts without a token.
     *
     * @throws IllegalArgumentException naming admin.bind and admin.token
     */
    public static void checkExposure(InetAddress bind, String token) {
        if (!bind.isLoopbackAddress() && token.isEmpty()) {
            throw new IllegalArgumentException("admin.bind is " + bind.getHostAddress() + ", reachable from other hosts, "
                    + "but admin.token is empty: set admin.token (FRONTDOOR_ADMIN_TOKEN) or bind to 127.0.0.1");
        }
    }

    /** Listens on {@code bind:port} (0 = any free port) and serves until closed. */
    public static AdminServer start(InetAddress bind, int port, String token, SipAgents agents, String agentsElsewhere)
            throws IOException {
        checkExposure(bind, token);
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(bind, port), 50);
        } catch (java.net.BindException e) {
            throw new java.net.BindException("admin API cannot listen on " + bind.getHostAddress() + ":" + port
                    + " (admin.bind, admin.port): " + e.getMessage());
        }
        AdminServer server = new AdminServer(http, token, agents, agentsElsewhere);
        http.start();
        log.info("admin API listening on {}:{}{}", bind.getHostAddress(), server.port(),
                token.isEmpty() ? "" : " (bearer token required)");
        return server;
    }

    /** Where {@code /media} reads the RTP figures ({@code true}: restart the window); null: no embedded SIP (404). */
    public AdminServer media(java.util.function.Function<Boolean, MediaStats.Snapshot> source) {
        this.media = source;
        return this;
    }

    /** The port listened on. */
    public int port() {
        return http.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                error(ex, 401, "missing or wrong bearer token (admin.token)");
                return;
            }
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/health")) {
                if (allowed(ex, method, "GET")) {
                    send(ex, 200, Map.of("status", "up"));
                }
                return;
            }
            if (path.equals("/agents")) {
                if (allowed(ex, method, "GET") && agentsHere(ex)) {
                    send(ex, 200, agents.snapshot().stream().map(AdminServer::asMap).toList());
                }
                return;
            }
            if (path.equals("/media") || path.equals("/media/reset")) {
                boolean reset = path.equals("/media/reset");
                var source = media;
                if (allowed(ex, method, reset ? "POST" : "GET")) {
                    if (source == null) {
                        error(ex, 404, "the embedded SIP endpoint is off (sip.enabled): no RTP media here");
                    } else {
                        send(ex, 200, MediaJson.of(source.apply(reset)));
                    }
                }
                return;
            }
            Matcher m = AGENT_ACTION.matcher(path);
            if (m.matches()) {
                if (allowed(ex, method, "POST") && agentsHere(ex)) {
                    String id = m.group(1);
                    boolean ready = m.group(2).equals("ready");
                    if (!agents.ready(id, ready, "admin API")) {
                        error(ex, 404, "no agent '" + id + "'");
                        return;
                    }
                    log.info("agent {} set {} through the admin API", id, ready ? "ready" : "not ready");
                    send(ex, 200, asMap(agents.state(id)));
                }
                return;
            }
            error(ex, 404, "no such endpoint: " + path);
        } catch (RuntimeException e) {
            log.warn("admin API request {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
            try {
                error(ex, 500, "internal error: " + e);
            } catch (IOException | RuntimeException ignored) {
                // the response may have been started already
            }
        }
    }

    private boolean authorized(String header) {
        if (token == null) {
            return true;
        }
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean allowed(HttpExchange ex, String method, String allow) throws IOException {
        if (method.equals(allow)) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", allow);
        error(ex, 405, method + " not allowed on " + ex.getRequestURI().getPath() + " (use " + allow + ")");
        return false;
    }

    private boolean agentsHere(HttpExchange ex) throws IOException {
        if (agents != null) {
            return true;
        }
        error(ex, 409, agentsElsewhere);
        return false;
    }

    /** An agent as JSON: id, queues, uri, registers, reachable, ready, busy, reserved and a one-word state. */
    static Map<String, Object> asMap(SipAgents.AgentState a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("queues", List.copyOf(a.queues()));
        m.put("uri", a.uri());
        m.put("registers", a.registers());
        m.put("reachable", a.reachable());
        m.put("ready", a.ready());
        m.put("busy", a.busy());
        m.put("reserved", a.reserved());
        m.put("state", !a.reachable() ? "unreachable" : a.busy() ? "in-call" : a.reserved() ? "reserved"
                : a.ready() ? "ready" : "not-ready");
        return m;
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        send(ex, status, Map.of("error", message));
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }
}
