package io.frontdoor.ivr.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code frontdoor agents list|ready|not-ready}: the SIP endpoint's agents, through the running
 * server's admin API (their state lives in that process). Exit code 1 when the server cannot be
 * reached or answers an error.
 */
@Command(name = "agents", description = "The embedded SIP endpoint's agents, through the running server's admin API.",
        subcommands = {AgentsCommand.ListAgents.class, AgentsCommand.Ready.class, AgentsCommand.NotReady.class})
final class AgentsCommand {
    @ParentCommand
    FrontDoorCommand root;

    @Option(names = "--url", scope = picocli.CommandLine.ScopeType.INHERIT, paramLabel = "URL",
            description = "the admin API (default: http://<admin.bind>:<admin.port> from the configuration)")
    String url;

    /** Thrown for a server that cannot be reached or answers an error: exit code 1. */
    static final class ApiException extends Exception {
        ApiException(String message) {
            super(message);
        }
    }

    /** The admin API's answer body, parsed; an error status becomes an {@link ApiException}. */
    JsonNode call(String method, String path) throws ApiException, InterruptedException {
        Settings s = root.settings();
        URI base = URI.create(url != null ? url.replaceAll("/+$", "") : defaultUrl(s));
        URI target = URI.create(base + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        String token = s.text("admin.token");
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException("cannot reach the FrontDoor admin API at " + base + " (is the server running? "
                    + "admin.enabled, admin.bind, admin.port, or --url): " + FrontDoorCommand.describe(e));
        }
        JsonNode body;
        try {
            body = new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new ApiException(target + " answered " + response.statusCode() + " with no JSON: " + response.body());
        }
        if (response.statusCode() / 100 != 2) {
            String error = body != null && body.has("error") ? body.get("error").asText() : response.body();
            throw new ApiException("the server answered " + response.statusCode() + ": " + error);
        }
        return body;
    }

    /** {@code http://admin.bind:admin.port}; a wildcard bind is reached on the loopback address. */
    static String defaultUrl(Settings s) {
        String host = s.text("admin.bind");
        try {
            InetAddress a = InetAddress.getByName(host);
            if (a.isAnyLocalAddress()) {
                host = "127.0.0.1";
            } else if (a instanceof java.net.Inet6Address) {
                host = "[" + a.getHostAddress() + "]";
            }
        } catch (java.net.UnknownHostException e) {
            // left as written: the connection error names it
        }
        return "http://" + host + ":" + s.integer("admin.port");
    }

    /** Runs {@code body}; an {@link ApiException} is one error line and exit code 1. */
    static int reporting(CommandSpec spec, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (ApiException e) {
            spec.commandLine().getErr().println("frontdoor: " + e.getMessage());
            return 1;
        }
    }

    @Command(name = "list", description = "List the agents: queues, state (ready, not-ready, in-call, reserved, unreachable), SIP URI.")
    static final class ListAgents implements Callable<Integer> {
        @ParentCommand
        AgentsCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "the API's JSON array instead of a table")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return reporting(spec, () -> {
                JsonNode agents = parent.call("GET", "/agents");
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(CliOutput.json().writeValueAsString(agents));
                    return 0;
                }
                out.printf("%-12s %-20s %-11s %s%n", "id", "queues", "state", "uri");
                for (JsonNode a : agents) {
                    List<String> queues = new ArrayList<>();
                    a.get("queues").forEach(q -> queues.add(q.asText()));
                    out.printf("%-12s %-20s %-11s %s%n", a.get("id").asText(), String.join(",", queues),
                            a.get("state").asText(), CliOutput.nz(a.get("uri").isNull() ? null : a.get("uri").asText()));
                }
                return 0;
            });
        }
    }

    /** Shared by ready and not-ready. */
    static int set(AgentsCommand parent, CommandSpec spec, String id, String action) throws Exception {
        return reporting(spec, () -> {
            if (!id.matches("[A-Za-z0-9._+-]{1,64}")) {
                throw new ApiException("'" + id + "' is not an agent id");
            }
            JsonNode a = parent.call("POST", "/agents/" + id + "/" + action);
            spec.commandLine().getOut().println("agent " + a.get("id").asText() + " is " + a.get("state").asText());
            return 0;
        });
    }

    @Command(name = "ready", description = "Set an agent ready to take calls (waiting callers are offered to them at once).")
    static final class Ready implements Callable<Integer> {
        @ParentCommand
        AgentsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "the agent id (from agents list)")
        String id;

        @Override
        public Integer call() throws Exception {
            return set(parent, spec, id, "ready");
        }
    }

    @Command(name = "not-ready", description = "Set an agent not ready (a break): no new calls; a call in progress goes on.")
    static final class NotReady implements Callable<Integer> {
        @ParentCommand
        AgentsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "the agent id (from agents list)")
        String id;

        @Override
        public Integer call() throws Exception {
            return set(parent, spec, id, "not-ready");
        }
    }
}
