package io.frontdoor.ivr.bench;

import io.frontdoor.callback.customer.InteractionLog;
import io.frontdoor.callback.dispatch.CallbackDispatcher;
import io.frontdoor.callback.dispatch.DialRequest;
import io.frontdoor.callback.dispatch.ScreenPop;
import io.frontdoor.callback.queue.CallbackStore;
import io.frontdoor.callback.queue.QueuePolicy;
import io.frontdoor.callback.queue.VirtualQueue;
import io.frontdoor.callback.schedule.BusinessCalendar;
import io.frontdoor.callback.schedule.CallbackScheduler;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.HibernateCustomerDirectory;
import io.frontdoor.callback.store.HibernateInteractionLog;
import io.frontdoor.callback.store.SpoolingInteractionLog;
import io.frontdoor.callback.store.StoreSettings;
import io.frontdoor.ivr.asterisk.ami.AmiAgentPresence;
import io.frontdoor.ivr.asterisk.ami.AmiConnection;
import io.frontdoor.ivr.asterisk.ami.AmiDialer;
import io.frontdoor.ivr.asterisk.ami.AmiSettings;
import io.frontdoor.ivr.asterisk.ami.peer.AmiMessage;
import io.frontdoor.ivr.asterisk.ami.peer.AsteriskAmiPeer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Callback benchmark: the production dispatcher, store (embedded H2 file) and AMI adapter against
 * the AMI test peer over TCP on 127.0.0.1.
 *
 * <ol>
 * <li>Dispatch: 10,000 pending callbacks across 10 queues; one agent at a time becomes free
 *     (QueueMemberStatus on the wire) and the time until FrontDoor's Originate arrives at the peer
 *     is measured (which includes the QueuePause round trip and the attempt's transaction).</li>
 * <li>Timers: 100,000 timed callbacks due within one minute; Quartz wakes the dispatcher, which
 *     reads due callbacks in batches; how late each entered its queue is measured.</li>
 * </ol>
 * Usage: {@code CallbackBench WORK_DIR [EVENTS] [TIMED]}; prints a RESULT line.
 */
public final class CallbackBench {
    private static final int QUEUES = 10;

    private CallbackBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int timed = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        double[] dispatch = dispatch(work.resolve("dispatch"), 10_000, events);
        double[] late = timed > 0 ? timers(work.resolve("timers"), timed) : new double[] {0, 0, 0, 0};
        System.out.printf("dispatch: %d agent-free events, 10000 pending: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                events, dispatch[0], dispatch[1], dispatch[2]);
        System.out.printf("timers: %d callbacks due within 60 s: fired %d, late p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                timed, (long) late[3], late[0], late[1], late[2]);
        System.out.printf("RESULT dispatch_p50_ms=%.2f dispatch_p99_ms=%.2f fire_late_p50_ms=%.0f fire_late_p99_ms=%.0f"
                + " fired=%d%n", dispatch[0], dispatch[1], late[0], late[1], (long) late[3]);
        System.exit(0);
    }

    private static QueuePolicy policy(String queue) {
        return new QueuePolicy(queue, QueuePolicy.Mode.CUSTOMER_FIRST, BusinessCalendar.alwaysOpen(), ZoneId.of("UTC"),
                List.of(Duration.ofMinutes(2)), Duration.ofSeconds(30), Duration.ofDays(2), "+861095588",
                Duration.ofMinutes(30));
    }

    private static Database freshDatabase(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        return Database.open(new StoreSettings(StoreSettings.embeddedH2(dir).jdbcUrl(), "sa", "", 16,
                Duration.ofSeconds(2)));
    }

    /** Inserts pending requests straight into the table (the set-up is not what is measured). */
    private static void insert(Database db, int n, Function<Integer, String> queue, Function<Integer, Instant> due,
            boolean timedRequests) throws Exception {
        Instant now = Instant.now();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into callback_request (id, customer_id, queue, phone,"
                    + " language, priority, arrived_at, due_at, timed, state, attempts, expires_at, created_at,"
                    + " updated_at, origin_call, open_key) values (?, ?, ?, ?, 'zh', 5, ?, ?, ?, 'PENDING', 0, ?, ?, ?,"
                    + " ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    String id = UUID.randomUUID().toString();
                    Instant dueAt = due.apply(i);
                    ps.setString(1, id);
                    ps.setString(2, "C" + i);
                    ps.setString(3, queue.apply(i));
                    ps.setString(4, String.format("+86138%08d", i));
                    ps.setTimestamp(5, Timestamp.from(timedRequests ? now : dueAt));
                    ps.setTimestamp(6, Timestamp.from(dueAt));
                    ps.setBoolean(7, timedRequests);
                    ps.setTimestamp(8, Timestamp.from(now.plus(Duration.ofDays(2))));
                    ps.setTimestamp(9, Timestamp.from(now));
                    ps.setTimestamp(10, Timestamp.from(now));
                    ps.setString(11, "bench-" + i);
                    ps.setString(12, "c:C" + i + "|" + queue.apply(i));
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    private static double[] dispatch(Path dir, int pending, int events) throws Exception {
        try (Database db = freshDatabase(dir); AsteriskAmiPeer peer = new AsteriskAmiPeer()) {
            Instant base = Instant.now().minus(Duration.ofHours(1));
            insert(db, pending, i -> "q" + (i % QUEUES), i -> base.plusMillis(i), false);
            String[] members = new String[QUEUES];
            for (int q = 0; q < QUEUES; q++) {
                members[q] = "Local/20" + q + "@agents/n";
                peer.queue("q" + q, "ringall").addMember(members[q], "Agent 20" + q);
                peer.memberInCall("q" + q, members[q], true);
            }
            BlockingQueue<AmiMessage> originates = new ArrayBlockingQueue<>(16);
            long[] arrived = new long[1];
            peer.onOriginate(action -> {
                arrived[0] = System.nanoTime();
                originates.add(action);
            });
            peer.start();
            CallbackStore store = new CallbackStore(db.dataSource());
            InteractionLog log = new SpoolingInteractionLog(new HibernateInteractionLog(db), dir.resolve("spool"),
                    Duration.ofSeconds(5));
            try (AmiConnection ami = new AmiConnection(AmiSettings.of("127.0.0.1", peer.port(), "javatest",
                    "javatest-secret"))) {
                AmiAgentPresence presence = new AmiAgentPresence(ami);
                AmiDialer dialer = new AmiDialer(ami);
                ami.start();
                awaitConnected(presence);
                try (CallbackDispatcher dispatcher = new CallbackDispatcher(store, new VirtualQueue(),
                        CallbackBench::policy, presence, dialer, ScreenPop.NONE, new HibernateCustomerDirectory(db), log,
                        Clock.systemUTC(), CallbackDispatcher.Options.defaults())) {
                    double[] inner = new double[warm(events) + events];
                    AtomicInteger innerCount = new AtomicInteger();
                    dispatcher.onDispatchLatency(nanos -> {
                        int k = innerCount.getAndIncrement();
                        if (k < inner.length) {
                            inner[k] = nanos / 1e6;
                        }
                    });
                    dispatcher.start();
                    int warm = warm(events);
                    double[] samples = new double[events];
                    for (int i = 0; i < warm + events; i++) {
                        int q = i % QUEUES;
                        long t0 = System.nanoTime();
                        peer.memberInCall("q" + q, members[q], false);
                        AmiMessage originate = originates.poll(5, TimeUnit.SECONDS);
                        if (originate == null) {
                            throw new IllegalStateException("no Originate within 5 s after event " + i);
                        }
                        long t1 = arrived[0];
                        if (i >= warm) {
                            samples[i - warm] = (t1 - t0) / 1e6;
                        }
                        Map<String, String> vars = originate.variables();
                        // the agent takes the bridged call, then the callback flow reports the bridge
                        peer.memberInCall("q" + q, members[q], true);
                        String cb = vars.get(DialRequest.CALLBACK_VARIABLE);
                        String attempt = vars.get(DialRequest.ATTEMPT_VARIABLE);
                        if (dispatcher.answered(cb, attempt).isEmpty() || !dispatcher.connecting(attempt)) {
                            throw new IllegalStateException("attempt " + attempt + " not live");
                        }
                        dispatcher.connected(attempt);
                        dispatcher.drain();
                    }
                    Arrays.sort(samples);
                    double[] in = Arrays.copyOfRange(inner, warm, Math.min(inner.length, innerCount.get()));
                    Arrays.sort(in);
                    System.out.printf("dispatch inside FrontDoor (event received to Originate sent): p50 %.2f ms,"
                            + " p99 %.2f ms%n", pct(in, 50), pct(in, 99));
                    return new double[] {pct(samples, 50), pct(samples, 99), samples[samples.length - 1]};
                }
            }
        }
    }

    private static double[] timers(Path dir, int n) throws Exception {
        try (Database db = freshDatabase(dir); AsteriskAmiPeer peer = new AsteriskAmiPeer()) {
            peer.queue("q0", "ringall");
            peer.start();
            Instant first = Instant.now().plusSeconds(20);
            insert(db, n, i -> "q" + (i % QUEUES), i -> first.plusNanos((long) i * 60_000_000_000L / n), true);
            CallbackStore store = new CallbackStore(db.dataSource());
            InteractionLog log = new HibernateInteractionLog(db);
            double[] late = new double[n];
            AtomicInteger fired = new AtomicInteger();
            try (AmiConnection ami = new AmiConnection(AmiSettings.of("127.0.0.1", peer.port(), "javatest",
                    "javatest-secret"))) {
                AmiAgentPresence presence = new AmiAgentPresence(ami);
                AmiDialer dialer = new AmiDialer(ami);
                ami.start();
                awaitConnected(presence);
                try (CallbackDispatcher dispatcher = new CallbackDispatcher(store, new VirtualQueue(),
                        CallbackBench::policy, presence, dialer, ScreenPop.NONE, new HibernateCustomerDirectory(db), log,
                        Clock.systemUTC(), CallbackDispatcher.Options.defaults());
                        CallbackScheduler scheduler = new CallbackScheduler(db.dataSource(), dispatcher, "bench")) {
                    dispatcher.onFireLateness(ms -> {
                        int i = fired.getAndIncrement();
                        if (i < n) {
                            late[i] = ms;
                        }
                    });
                    dispatcher.wakeups(scheduler);
                    dispatcher.start();
                    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
                    while (fired.get() < n && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                    }
                }
            }
            int count = Math.min(n, fired.get());
            double[] got = Arrays.copyOf(late, count);
            Arrays.sort(got);
            if (count < n) {
                System.out.printf("timers: only %d of %d fired within 150 s%n", count, n);
            }
            return count == 0 ? new double[] {0, 0, 0, 0}
                    : new double[] {pct(got, 50), pct(got, 99), got[count - 1], count};
        }
    }


    private static void awaitConnected(AmiAgentPresence presence) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!presence.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (!presence.isConnected()) {
            throw new IllegalStateException("AMI did not connect");
        }
    }

    private static int warm(int events) {
        return Math.min(300, events / 5);
    }

    private static double pct(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
