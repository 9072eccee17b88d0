package io.frontdoor.ivr.freeswitch.peer;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * FreeSWITCH 1.10's inbound event socket (mod_event_socket on 8021) with mod_callcenter, over real
 * TCP: {@code auth/request}, {@code auth}, {@code event plain ...} (subscriptions per connection, as
 * the reconnect recording shows), {@code api callcenter_config ...} (agent list, tier list, queue
 * list members, agent set status/state with their {@code CUSTOM callcenter::info} events),
 * {@code bgapi originate} with its {@code BACKGROUND_JOB} (and, when answered, the call's
 * {@code &socket(...)} leg connecting to FrontDoor's outbound listener as a {@link FreeSwitchChannel}),
 * {@code exit} and the disconnect notice. Replies are byte for byte the recorded ones; events are
 * the recorded events with their facts changed.
 */
public final class FreeSwitchEslPeer implements AutoCloseable {
    static final String AGENT_HEADER = "name|instance_id|uuid|type|contact|status|state|max_no_answer|wrap_up_time|"
            + "reject_delay_time|busy_delay_time|no_answer_delay_time|last_bridge_start|last_bridge_end|last_offered_call|"
            + "last_status_change|no_answer_count|calls_answered|talk_time|ready_time|external_calls_count";
    static final String TIER_HEADER = "queue|agent|state|level|position";
    static final String MEMBER_HEADER = "queue|instance_id|uuid|session_uuid|cid_number|cid_name|system_epoch|joined_epoch|"
            + "rejoined_epoch|bridge_epoch|abandoned_epoch|base_score|skill_score|serving_agent|serving_system|state";
    static final Set<String> STATUSES = Set.of("Logged Out", "Available", "Available (On Demand)", "On Break");
    static final Set<String> STATES = Set.of("Idle", "Waiting", "Receiving", "In a queue call");
    private static final String DISCONNECT = "Content-Type: text/disconnect-notice\nContent-Length: 67\n\n"
            + "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";

    /** What an originate does: answered (the socket leg runs) or a hang-up cause. */
    public record Outcome(String cause, String... keys) {
        public static Outcome answered(String... keys) {
            return new Outcome(null, keys);
        }

        public static Outcome failed(String cause) {
            return new Outcome(cause);
        }

        /** Still ringing: no BACKGROUND_JOB is sent (until the connection drops, then never). */
        public static Outcome ringing() {
            return new Outcome("");
        }
    }

    private final String password;
    private final ServerSocket server;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, String>> agents = new LinkedHashMap<>();
    private final List<String[]> tiers = new ArrayList<>();
    private final Map<String, List<Map<String, String>>> members = new LinkedHashMap<>();
    private final Deque<Outcome> outcomes = new ArrayDeque<>();
    /** Every command received on any connection, in order. */
    public final List<String> commands = new CopyOnWriteArrayList<>();
    /** The socket legs of answered originates. */
    public final List<FreeSwitchChannel> answered = new CopyOnWriteArrayList<>();
    private final EventTemplate statusChange;
    private final EventTemplate stateChange;
    private final EventTemplate backgroundJob;
    private final EventTemplate memberQueueStart;
    private final Object lock = new Object();
    private volatile boolean refuseAll;
    private volatile String silentPrefix;
    private Consumer<FreeSwitchChannel> channelSetup = c -> { };
    private int sequence = 3000;

    public FreeSwitchEslPeer(String password) throws IOException {
        this.password = password;
        Transcript agentState = Transcript.load("inbound-callcenter-agent-state.txt");
        statusChange = new EventTemplate(event(agentState, "agent-status-change"));
        stateChange = new EventTemplate(event(agentState, "agent-state-change"));
        backgroundJob = new EventTemplate(event(Transcript.load("inbound-originate-results.txt"), "BACKGROUND_JOB"));
        memberQueueStart = new EventTemplate(event(Transcript.load("inbound-esl-callcenter.txt"), "member-queue-start"));
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().name("fs-esl-accept").start(this::accept);
    }

    private static String event(Transcript t, String what) {
        for (Transcript.Exchange ex : t.exchanges) {
            for (Transcript.Raw raw : ex.messages()) {
                if (raw.message().isEvent()) {
                    var e = raw.message().event();
                    if (what.equals(e.header("Event-Name")) || what.equals(e.header("CC-Action"))) {
                        return raw.text();
                    }
                }
            }
        }
        throw new IllegalStateException(t.name + " has no " + what);
    }

    public int port() {
        return server.getLocalPort();
    }

    // --- scripting

    /** A mod_callcenter agent, as {@code agent list} shows it, with a tier in {@code queue} (e.g. {@code vip@default}). */
    public FreeSwitchEslPeer agent(String name, String contact, String status, String state, String queue) {
        synchronized (lock) {
            Map<String, String> row = new LinkedHashMap<>();
            for (String col : AGENT_HEADER.split("\\|")) {
                row.put(col, "0");
            }
            row.put("name", name);
            row.put("instance_id", "single_box");
            row.put("uuid", "");
            row.put("type", "callback");
            row.put("contact", contact);
            row.put("status", status);
            row.put("state", state);
            row.put("max_no_answer", "3");
            row.put("wrap_up_time", "5");
            row.put("reject_delay_time", "10");
            row.put("busy_delay_time", "60");
            agents.put(name, row);
            tiers.add(new String[] {queue, name, "Ready", "1", "1"});
        }
        return this;
    }

    /** An agent from a recorded {@code agent list} row (every column as recorded), with a tier in {@code queue}. */
    public FreeSwitchEslPeer agentRow(String row, String queue) {
        String[] values = row.split("\\|", -1);
        String[] names = AGENT_HEADER.split("\\|");
        synchronized (lock) {
            Map<String, String> r = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                r.put(names[i], values[i]);
            }
            agents.put(r.get("name"), r);
            tiers.add(new String[] {queue, r.get("name"), "Ready", "1", "1"});
        }
        return this;
    }

    /** A caller waiting in {@code queue} (as {@code queue list members} shows, and a member-queue-start event). */
    public void memberJoins(String queue, String memberUuid, long joinedEpoch, int baseScore) {
        synchronized (lock) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String col : MEMBER_HEADER.split("\\|")) {
                m.put(col, "");
            }
            m.put("queue", queue);
            m.put("instance_id", "single_box");
            m.put("uuid", memberUuid);
            m.put("joined_epoch", Long.toString(joinedEpoch));
            m.put("base_score", Integer.toString(baseScore));
            m.put("state", "Waiting");
            members.computeIfAbsent(queue, q -> new ArrayList<>()).add(m);
        }
        broadcast(memberQueueStart.copy().set("CC-Queue", queue).set("CC-Member-UUID", memberUuid)
                .set("variable_cc_queue_joined_epoch", Long.toString(joinedEpoch))
                .set("variable_cc_base_score", Integer.toString(baseScore)), "CUSTOM", "callcenter::info");
    }

    /** The agent's state changes on FreeSWITCH (a call ends: {@code Waiting}); the event goes out. */
    public void agentState(String name, String state) {
        synchronized (lock) {
            agents.get(name).put("state", state);
        }
        broadcast(stateChange.copy().set("CC-Agent", name).set("CC-Agent-State", state), "CUSTOM", "callcenter::info");
    }

    public String agentStatus(String name) {
        synchronized (lock) {
            return agents.get(name).get("status");
        }
    }

    /** The next originates' outcomes, in order; when none is queued, an originate is answered. */
    public void outcomes(Outcome... next) {
        synchronized (lock) {
            outcomes.addAll(List.of(next));
        }
    }

    /** Called with each answered call's socket leg before it connects (e.g. to set where it records). */
    public void onChannel(Consumer<FreeSwitchChannel> setup) {
        channelSetup = setup;
    }

    /** Cuts every connection without {@code exit} (FreeSWITCH restarting, a network drop). */
    public void dropConnections() {
        for (Connection c : connections) {
            c.close();
        }
    }

    /** Commands starting with {@code prefix} get no reply at all (a hung FreeSWITCH); null: all answered. */
    public void silent(String prefix) {
        silentPrefix = prefix;
    }

    /** While true, new connections are closed at once (FreeSWITCH down). */
    public void refuseConnections(boolean refuse) {
        refuseAll = refuse;
    }

    /** Commands received that start with {@code prefix}. */
    public List<String> commands(String prefix) {
        return commands.stream().filter(c -> c.startsWith(prefix)).toList();
    }

    /** Waits until {@code n} commands starting with {@code prefix} arrived; returns the n-th. */
    public String awaitCommand(String prefix, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> found = commands(prefix);
            if (found.size() >= n) {
                return found.get(n - 1);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + n + " x '" + prefix + "' within " + timeout + "; got " + commands);
            }
            Thread.sleep(10);
        }
    }

    public int openConnections() {
        return (int) connections.stream().filter(c -> !c.socket.isClosed()).count();
    }

    // --- the wire

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                if (refuseAll) {
                    s.close();
                    continue;
                }
                Connection c = new Connection(s);
                connections.add(c);
                Thread.ofVirtual().name("fs-esl-conn").start(c::run);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void broadcast(EventTemplate event, String name, String subclass) {
        for (Connection c : connections) {
            if (c.subscribed(name, subclass)) {
                c.send(event.copy().set("Event-Sequence", Integer.toString(nextSequence())).render());
            }
        }
    }

    private int nextSequence() {
        synchronized (lock) {
            return ++sequence;
        }
    }

    final class Connection {
        final Socket socket;
        private OutputStream out;
        private final Set<String> events = Collections.synchronizedSet(new LinkedHashSet<>());
        private boolean authed;

        Connection(Socket socket) {
            this.socket = socket;
        }

        boolean subscribed(String name, String subclass) {
            return authed && (events.contains("ALL") || events.contains(name) && !name.equals("CUSTOM")
                    || name.equals("CUSTOM") && events.contains(subclass));
        }

        synchronized void send(String text) {
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException | NullPointerException e) {
                close();
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        void run() {
            try (socket) {
                out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                send("Content-Type: auth/request\n\n");
                String command;
                while ((command = readCommand(in)) != null) {
                    commands.add(command);
                    String silent = silentPrefix;
                    if (silent != null && command.startsWith(silent)) {
                        continue;
                    }
                    if (!handle(command)) {
                        return;
                    }
                }
            } catch (IOException e) {
                // dropped
            } finally {
                connections.remove(this);
            }
        }

        /** @return false when the connection is to close */
        private boolean handle(String command) {
            String first = command.split("\n")[0];
            if (first.startsWith("auth ")) {
                if (first.substring(5).equals(password)) {
                    authed = true;
                    send("Content-Type: command/reply\nReply-Text: +OK accepted\n\n");
                    return true;
                }
                send("Content-Type: command/reply\nReply-Text: -ERR invalid\n\n" + DISCONNECT);
                return false;
            }
            if (!authed) {
                send("Content-Type: command/reply\nReply-Text: -ERR command not found\n\n");
                return true;
            }
            if (first.equals("exit")) {
                send("Content-Type: command/reply\nReply-Text: +OK bye\n\n" + DISCONNECT);
                return false;
            }
            if (first.startsWith("event plain")) {
                for (String e : first.substring("event plain".length()).trim().split("\\s+")) {
                    if (!e.isEmpty()) {
                        events.add(e);
                    }
                }
                send("Content-Type: command/reply\nReply-Text: +OK event listener enabled plain\n\n");
                return true;
            }
            if (first.startsWith("api ")) {
                List<String> after = new ArrayList<>();
                String body = api(first.substring(4), after);
                send("Content-Type: api/response\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\n\n" + body);
                after.forEach(this::send);
                return true;
            }
            if (first.startsWith("bgapi ")) {
                bgapi(first.substring(6));
                return true;
            }
            send("Content-Type: command/reply\nReply-Text: -ERR command not found\n\n");
            return true;
        }

        private void bgapi(String command) {
            String job = UUID.randomUUID().toString();
            send("Content-Type: command/reply\nReply-Text: +OK Job-UUID: " + job + "\nJob-UUID: " + job + "\n\n");
            String name = command.split(" ")[0];
            String arg = command.length() > name.length() ? command.substring(name.length() + 1) : "";
            String result;
            if (name.equals("originate")) {
                result = originate(arg);
                if (result == null) {
                    return;
                }
            } else if (name.equals("status")) {
                result = "UP 0 years, 0 days, 0 hours, 1 minute, 0 seconds\nFreeSWITCH (Version 1.10.12) is ready\n";
            } else {
                result = "-ERR " + name + " Command not found!\n";
            }
            EventTemplate e = backgroundJob.copy().set("Job-UUID", job).set("Job-Command", name)
                    .set("Job-Command-Arg", arg).set("Event-Sequence", Integer.toString(nextSequence())).body(result);
            if (subscribed("BACKGROUND_JOB", null)) {
                send(e.render());
            }
        }

        private String api(String command, List<String> after) {
            String[] w = command.split(" ");
            if (!w[0].equals("callcenter_config")) {
                return "-ERR " + w[0] + " Command not found!\n";
            }
            String rest = command.substring("callcenter_config ".length());
            synchronized (lock) {
                if (rest.equals("agent list")) {
                    return table(AGENT_HEADER, agents.values().stream().map(r -> String.join("|", r.values())).toList());
                }
                if (rest.equals("tier list")) {
                    return table(TIER_HEADER, tiers.stream().map(t -> String.join("|", t)).toList());
                }
                if (rest.startsWith("queue list members ")) {
                    String q = rest.substring("queue list members ".length());
                    return table(MEMBER_HEADER, members.getOrDefault(q, List.of()).stream()
                            .map(m -> String.join("|", m.values())).toList());
                }
                if (rest.startsWith("queue list agents ") || rest.startsWith("queue count agents ")) {
                    String q = rest.substring(rest.lastIndexOf(' ') + 1);
                    List<String> rows = tiers.stream().filter(t -> t[0].equals(q))
                            .map(t -> String.join("|", agents.get(t[1]).values())).toList();
                    return rest.startsWith("queue count") ? rows.size() + "\n" : table(AGENT_HEADER, rows);
                }
                if (rest.startsWith("queue list tiers ")) {
                    String q = rest.substring(rest.lastIndexOf(' ') + 1);
                    return table(TIER_HEADER, tiers.stream().filter(t -> t[0].equals(q)).map(t -> String.join("|", t)).toList());
                }
                if (rest.startsWith("queue count members ")) {
                    return members.getOrDefault(rest.substring(rest.lastIndexOf(' ') + 1), List.of()).size() + "\n";
                }
                if (rest.startsWith("agent set status ")) {
                    String[] p = rest.substring("agent set status ".length()).split(" ", 2);
                    String value = p.length > 1 ? p[1] : "";
                    if (!(value.startsWith("'") && value.endsWith("'") && value.length() > 1)
                            && value.contains(" ")) {
                        return "-ERR Invalid Agent Status!\n";
                    }
                    value = value.replace("'", "");
                    if (!STATUSES.contains(value)) {
                        return "-ERR Invalid Agent Status!\n";
                    }
                    Map<String, String> agent = agents.get(p[0]);
                    if (agent == null) {
                        return "-ERR Agent not found!\n";
                    }
                    agent.put("status", value);
                    agent.put("last_status_change", Long.toString(System.currentTimeMillis() / 1000));
                    if (value.startsWith("Available")) {
                        // mod_callcenter starts an available agent's counters afresh (as recorded)
                        agent.put("no_answer_count", "0");
                        agent.put("calls_answered", "0");
                        agent.put("talk_time", "0");
                    }
                    queueEvent(after, statusChange.copy().set("CC-Agent", p[0]).set("CC-Agent-Status", value));
                    return "+OK\n";
                }
                if (rest.startsWith("agent set state ")) {
                    String[] p = rest.substring("agent set state ".length()).split(" ", 2);
                    String value = p.length > 1 ? p[1].replace("'", "") : "";
                    if (!STATES.contains(value)) {
                        return "-ERR Invalid Agent State!\n";
                    }
                    Map<String, String> agent = agents.get(p[0]);
                    if (agent == null) {
                        return "-ERR Agent not found!\n";
                    }
                    agent.put("state", value);
                    queueEvent(after, stateChange.copy().set("CC-Agent", p[0]).set("CC-Agent-State", value));
                    return "+OK\n";
                }
            }
            return "-ERR Unknown Command!\n";
        }

        private void queueEvent(List<String> after, EventTemplate event) {
            // FreeSWITCH fires the event to every subscribed connection, this one after its reply
            String text = event.set("Event-Sequence", Integer.toString(++sequence)).render();
            for (Connection c : connections) {
                if (c.subscribed("CUSTOM", "callcenter::info")) {
                    if (c == this) {
                        after.add(text);
                    } else {
                        c.send(text);
                    }
                }
            }
        }

        private String originate(String arg) {
            Outcome outcome;
            synchronized (lock) {
                outcome = outcomes.isEmpty() ? Outcome.answered() : outcomes.poll();
            }
            if ("".equals(outcome.cause())) {
                return null;
            }
            if (outcome.cause() != null) {
                return "-ERR " + outcome.cause() + "\n";
            }
            Map<String, String> vars = new LinkedHashMap<>();
            if (arg.startsWith("{")) {
                for (String pair : arg.substring(1, arg.indexOf('}')).split(",")) {
                    int eq = pair.indexOf('=');
                    vars.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            int open = arg.indexOf("&socket(");
            if (open < 0) {
                return "+OK " + UUID.randomUUID() + "\n";
            }
            String target = arg.substring(open + "&socket(".length(), arg.indexOf(')', open)).split(" ")[0];
            int port = Integer.parseInt(target.substring(target.indexOf(':') + 1));
            String dialString = arg.substring(arg.indexOf('}') + 1, open).trim();
            FreeSwitchChannel channel = new FreeSwitchChannel().callerNumber(vars.getOrDefault("origination_caller_id_number", ""))
                    .destination(dialString).context("default").keys(outcome.keys());
            vars.forEach(channel::variable);
            channelSetup.accept(channel);
            answered.add(channel);
            channel.start(port);
            return "+OK " + channel.uuid + "\n";
        }
    }

    static String table(String header, List<String> rows) {
        if (rows.isEmpty()) {
            return "+OK\n";
        }
        return header + "\n" + String.join("\n", rows) + "\n+OK\n";
    }

    static String readCommand(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int prev = -1;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n' && prev == '\n') {
                String s = buf.toString(StandardCharsets.UTF_8);
                return s.substring(0, s.length() - 1);
            }
            buf.write(b);
            prev = b;
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }
}
