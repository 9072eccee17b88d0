package io.frontdoor.ivr.server;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.callback.dispatch.CallbackTimeline;
import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;
import io.frontdoor.callback.queue.CallbackStore;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.HibernateInteractionLog;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code frontdoor callbacks list|show|cancel}: the callback requests, straight from the database
 * (a running server need not be up; it sees a cancel because its dispatcher re-checks a request's
 * state when it claims it for dialling).
 */
@Command(name = "callbacks", description = "The callback requests (the virtual queue and its history).",
        subcommands = {CallbacksCommand.ListCallbacks.class, CallbacksCommand.Show.class, CallbacksCommand.Cancel.class})
final class CallbacksCommand {
    @ParentCommand
    FrontDoorCommand root;

    private static final int TIMELINE_SCAN = 1000;

    @Command(name = "list", description = "List callback requests, newest first.")
    static final class ListCallbacks implements Callable<Integer> {
        @ParentCommand
        CallbacksCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--state", paramLabel = "S", description = "only this state: pending, dialing, completed, missed,"
                + " cancelled, expired")
        String state;

        @Option(names = "--queue", paramLabel = "Q", description = "only this agent queue")
        String queue;

        @Option(names = "--customer", paramLabel = "ID", description = "only this customer")
        String customer;

        @Option(names = "--limit", defaultValue = "50", description = "at most this many (default ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--json", description = "one JSON array instead of a table")
        boolean json;

        @Override
        public Integer call() throws Exception {
            CallbackState only = state == null ? null : parseState(state);
            Settings s = parent.root.settings();
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = Store.open(s)) {
                List<CallbackRequest> rows = new CallbackStore(db.dataSource()).list(only, queue, customer,
                        Math.max(1, limit));
                if (json) {
                    out.println(CliOutput.json().writeValueAsString(rows.stream().map(CallbacksCommand::asMap).toList()));
                    return 0;
                }
                out.printf("%-19s %-36s %-9s %-10s %-10s %-15s %-19s %-5s %s%n", "created", "id", "state", "queue",
                        "customer", "phone", "due", "tries", "note");
                for (CallbackRequest r : rows) {
                    out.printf("%-19s %-36s %-9s %-10s %-10s %-15s %-19s %-5d %s%n", CliOutput.time(r.createdAt()), r.id(),
                            r.state(), r.queue(), CliOutput.nz(r.customerId()), r.phone(), CliOutput.time(r.dueAt()), r.attempts(),
                            note(r));
                }
            }
            return 0;
        }
    }

    @Command(name = "show", description = "One request: its details, its attempts and its timeline entries.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        CallbacksCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "the request id (from callbacks list)")
        String id;

        @Option(names = "--json", description = "one JSON object {request, attempts, timeline}")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Settings s = parent.root.settings();
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = Store.open(s)) {
                CallbackStore store = new CallbackStore(db.dataSource());
                CallbackRequest r = find(store, id);
                List<CallbackAttempt> attempts = store.attempts(r.id());
                List<Interaction> timeline = timeline(new HibernateInteractionLog(db), r, attempts);
                if (json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("request", asMap(r));
                    m.put("attempts", attempts.stream().map(CallbacksCommand::asMap).toList());
                    m.put("timeline", timeline.stream().map(CallsCommand::asMap).toList());
                    out.println(CliOutput.json().writeValueAsString(m));
                    return 0;
                }
                out.printf("callback %s%n", r.id());
                out.printf("  state      %s%s%n", r.state(), r.closedReason() == null ? "" : " (" + r.closedReason() + ")");
                out.printf("  queue      %s, priority %d%n", r.queue(), r.priority());
                out.printf("  customer   %s%n", CliOutput.nz(r.customerId()));
                out.printf("  phone      %s (language %s)%n", r.phone(), r.language());
                out.printf("  arrived    %s%n", CliOutput.time(r.arrivedAt()));
                out.printf("  due        %s%s%n", CliOutput.time(r.dueAt()), r.timed() ? " (time chosen by the customer)" : "");
                out.printf("  attempts   %d%s%n", r.attempts(), r.agent() == null ? "" : ", dialling for " + r.agent());
                out.printf("  expires    %s%n", CliOutput.time(r.expiresAt()));
                out.printf("  created    %s, updated %s%n", CliOutput.time(r.createdAt()), CliOutput.time(r.updatedAt()));
                out.printf("  requested  on %s from %s%n", CliOutput.nz(r.originCall()), CliOutput.nz(r.requestedBy()));
                out.println("attempts:");
                if (attempts.isEmpty()) {
                    out.println("  (none)");
                }
                for (CallbackAttempt a : attempts) {
                    out.printf("  #%d %s  %-17s %s%s%n", a.number(), CliOutput.time(a.startedAt()),
                            a.outcome() == null ? "in progress" : a.outcome(), CliOutput.nz(a.agent()),
                            a.detail() == null || a.detail().isBlank() ? "" : "  " + a.detail());
                }
                out.println("timeline:");
                if (timeline.isEmpty()) {
                    out.println("  (none)");
                }
                for (Interaction i : timeline) {
                    out.printf("  %s  %-8s %-18s %s%s%n", CliOutput.time(i.startedAt()), i.channel(), i.outcome(),
                            i.path() == null ? "" : i.path() + (i.choices() == null || i.choices().isEmpty() ? ""
                                    : " [" + i.choices() + "]") + "  ",
                            CliOutput.nz(i.detail()));
                }
            }
            return 0;
        }
    }

    @Command(name = "cancel", description = {"Cancel a pending request.",
            "A request being dialled right now is not cancelled (exit 1): try again once the attempt is over.",
            "A running server drops the request when it next tries to dial it."})
    static final class Cancel implements Callable<Integer> {
        @ParentCommand
        CallbacksCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "the request id (from callbacks list)")
        String id;

        @Override
        public Integer call() throws Exception {
            Settings s = parent.root.settings();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (Database db = Store.open(s)) {
                CallbackStore store = new CallbackStore(db.dataSource());
                CallbackRequest r = find(store, id);
                Instant now = Clock.systemUTC().instant();
                if (r.state() == CallbackState.PENDING
                        && store.close(r.id(), CallbackState.CANCELLED, "cancelled by admin (command line)", now)) {
                    new CallbackTimeline(new HibernateInteractionLog(db)).closed(r, "cancelled", "by admin (command line)",
                            now);
                    out.printf("cancelled callback %s%n", r.id());
                    return 0;
                }
                CallbackRequest latest = store.find(r.id()).orElse(r); // it may have moved on meanwhile
                if (latest.state() == CallbackState.DIALING) {
                    err.printf("callback %s is being dialled right now%s: not cancelled; cancel it again once the"
                            + " attempt is over%n", r.id(), latest.agent() == null ? "" : " (for " + latest.agent() + ")");
                } else {
                    err.printf("callback %s is already %s: nothing to cancel%n", r.id(),
                            latest.state().name().toLowerCase(Locale.ROOT));
                }
                return 1;
            }
        }
    }

    // ---- shared

    private static CallbackRequest find(CallbackStore store, String id) {
        return store.find(id).orElseThrow(() -> new IllegalArgumentException("no callback request '" + id + "'"));
    }

    private static CallbackState parseState(String text) {
        try {
            return CallbackState.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--state '" + text + "' is not a state (expected one of "
                    + Arrays.stream(CallbackState.values()).map(v -> v.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", ")) + ")");
        }
    }

    /**
     * The request's entries on the timeline: its own (request, updates, attempts, closing), the call
     * it was made on, and the callback calls that name it; oldest first.
     */
    static List<Interaction> timeline(HibernateInteractionLog log, CallbackRequest r, List<CallbackAttempt> attempts) {
        Set<String> attemptIds = attempts.stream().map(CallbackAttempt::id).collect(Collectors.toSet());
        Map<Long, Interaction> found = new LinkedHashMap<>();
        List<InteractionQuery> queries = r.customerId() != null
                ? List.of(new InteractionQuery(r.customerId(), null, TIMELINE_SCAN))
                : java.util.stream.Stream.of(r.phone(), r.requestedBy()).filter(p -> p != null).distinct()
                        .map(p -> new InteractionQuery(null, p, TIMELINE_SCAN)).toList();
        for (InteractionQuery q : queries) {
            for (Interaction i : log.find(q)) {
                boolean ours = i.ref().startsWith(r.id()) || attemptIds.contains(i.ref())
                        || i.ref().equals(r.originCall()) && i.channel() == Interaction.Channel.VOICE
                        || i.channel() == Interaction.Channel.CALLBACK && i.detail() != null && i.detail().contains(r.id());
                if (ours) {
                    found.putIfAbsent(i.id(), i);
                }
            }
        }
        return found.values().stream().sorted(Comparator.comparing(Interaction::startedAt)
                .thenComparing(Interaction::id)).toList();
    }

    static Map<String, Object> asMap(CallbackRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("state", r.state());
        m.put("customerId", r.customerId());
        m.put("queue", r.queue());
        m.put("phone", r.phone());
        m.put("language", r.language());
        m.put("priority", r.priority());
        m.put("arrivedAt", r.arrivedAt());
        m.put("dueAt", r.dueAt());
        m.put("timed", r.timed());
        m.put("attempts", r.attempts());
        m.put("expiresAt", r.expiresAt());
        m.put("createdAt", r.createdAt());
        m.put("updatedAt", r.updatedAt());
        m.put("originCall", r.originCall());
        m.put("requestedBy", r.requestedBy());
        m.put("agent", r.agent());
        m.put("closedReason", r.closedReason());
        return m;
    }

    static Map<String, Object> asMap(CallbackAttempt a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("number", a.number());
        m.put("agent", a.agent());
        m.put("startedAt", a.startedAt());
        m.put("endedAt", a.endedAt());
        m.put("outcome", a.outcome());
        m.put("detail", a.detail());
        return m;
    }


    private static String note(CallbackRequest r) {
        if (r.closedReason() != null && !r.closedReason().isBlank()) {
            return r.closedReason();
        }
        if (r.state() == CallbackState.DIALING) {
            return "dialling for " + CliOutput.nz(r.agent());
        }
        return r.timed() ? "at the customer's chosen time" : "";
    }

    /** UTC, to the second, as {@code calls list} prints it. */

}
