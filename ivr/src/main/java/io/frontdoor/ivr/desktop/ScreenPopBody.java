package io.frontdoor.ivr.desktop;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.dispatch.Agent;
import io.frontdoor.callback.dispatch.ScreenPopData;
import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackRequest;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON document a screen pop posts, as records Jackson writes in declaration order (the shape is
 * documented in {@code docs/screen-pop.md}: change both together). Enums are written by name,
 * instants as ISO-8601 UTC text, absent values as {@code null}.
 */
final class ScreenPopBody {
    static final String EVENT = "callback.connected";

    private ScreenPopBody() {
    }

    record Event(String event, String deliveryId, Instant timestamp, AgentJson agent, CustomerJson customer,
            CallbackJson callback, List<AttemptJson> attempts, OriginalCallJson originalCall,
            List<RecentJson> recentInteractions) {
    }

    record AgentJson(String queue, String id, String name) {
    }

    record CustomerJson(String id, String name, String salutation, String tier, String language,
            List<String> phones, List<String> flags) {
    }

    record CallbackJson(String id, String queue, String phone, String language, Instant arrivedAt, Instant dueAt,
            Instant createdAt, String state, int attempts, boolean timed, String referenceCode) {
    }

    record AttemptJson(String id, int number, String agent, Instant startedAt, Instant endedAt, String outcome,
            String detail) {
    }

    record OriginalCallJson(String ref, String flow, List<String> path, Map<String, String> choices, String greeting,
            Instant startedAt, Instant endedAt, String outcome, String route) {
    }

    record RecentJson(String ref, String channel, Instant startedAt, Instant endedAt, String outcome,
            List<String> path, String route) {
    }

    static Event of(ScreenPopData data, String deliveryId) {
        Agent a = data.agent();
        CallbackRequest r = data.request();
        return new Event(EVENT, deliveryId, data.at(),
                a == null ? null : new AgentJson(a.queue(), a.id(), a.name()),
                customer(data.customer()),
                new CallbackJson(r.id(), r.queue(), r.phone(), r.language(), r.arrivedAt(), r.dueAt(), r.createdAt(),
                        r.state().name(), r.attempts(), r.timed(),
                        data.attempts().isEmpty() ? null : io.frontdoor.callback.dispatch.CallbackEvents.refCode(
                                data.attempts().get(data.attempts().size() - 1).id())),
                data.attempts().stream().map(ScreenPopBody::attempt).toList(),
                originalCall(data.originalCall()),
                data.recent().stream().map(ScreenPopBody::recent).toList());
    }

    private static CustomerJson customer(Customer c) {
        if (c == null) {
            return null;
        }
        return new CustomerJson(c.id(), c.name(), c.salutation(), c.tier().name(), c.language(),
                List.copyOf(c.phones()), List.copyOf(c.flags()));
    }

    private static AttemptJson attempt(CallbackAttempt t) {
        return new AttemptJson(t.id(), t.number(), t.agent(), t.startedAt(), t.endedAt(),
                t.outcome() == null ? null : t.outcome().name(), t.detail());
    }

    private static OriginalCallJson originalCall(Interaction i) {
        if (i == null) {
            return null;
        }
        return new OriginalCallJson(i.ref(), i.flow(), path(i.path()), choices(i.choices()), i.greeting(),
                i.startedAt(), i.endedAt(), name(i.outcome()), emptyAsNull(i.route()));
    }

    private static RecentJson recent(Interaction i) {
        return new RecentJson(i.ref(), name(i.channel()), i.startedAt(), i.endedAt(), name(i.outcome()),
                path(i.path()), emptyAsNull(i.route()));
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    /** {@code "greet>route>menu"} as {@code [greet, route, menu]}; none as {@code []}. */
    static List<String> path(String path) {
        if (path == null || path.isBlank()) {
            return List.of();
        }
        return Arrays.stream(path.split(">")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * {@code "main_menu=0;confirm=1"} as {@code {main_menu: "0", confirm: "1"}} in the order made (the
     * IVR keeps one choice per step, the last); a part without {@code =} is skipped.
     */
    static Map<String, String> choices(String choices) {
        Map<String, String> out = new LinkedHashMap<>();
        if (choices == null || choices.isBlank()) {
            return out;
        }
        for (String part : choices.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return out;
    }

    private static String emptyAsNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
