package io.frontdoor.ivr.flow;

import io.frontdoor.callback.queue.QueuePolicy;
import io.frontdoor.callback.schedule.BusinessCalendar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the callback settings of the agent queues ({@code dialplans/callbacks/queues.yaml}): per
 * queue the dial mode, opening hours, retries, ring time, expiry, caller ID and slot length, with
 * a {@code default} entry for queues not listed. Errors are reported as {@code file:line: reason};
 * a file with errors is rejected whole.
 */
public final class QueuePolicyLoader {
    private static final Set<String> KEYS = Set.of("mode", "calendar", "timezone", "retry", "ring-timeout", "max-age",
            "caller-id", "slot");

    /** The queues read, and the errors (empty when the file is good). */
    public record Result(Map<String, QueuePolicy> queues, QueuePolicy defaults, List<String> errors) {
        /** The policy of a queue: its own entry, else the default one under the queue's name. */
        public Function<String, QueuePolicy> lookup() {
            return name -> {
                QueuePolicy own = queues.get(name);
                if (own != null) {
                    return own;
                }
                return new QueuePolicy(name, defaults.mode(), defaults.calendar(), defaults.zone(),
                        defaults.retryDelays(), defaults.ringTimeout(), defaults.maxAge(), defaults.callerId(),
                        defaults.slotLength());
            };
        }
    }

    /** Built-in settings when no file exists: customer first, always open, retries at 2, 10 and 30 minutes. */
    public static QueuePolicy builtInDefault() {
        return new QueuePolicy("default", QueuePolicy.Mode.CUSTOMER_FIRST, BusinessCalendar.alwaysOpen(), ZoneId.of("UTC"),
                List.of(Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(30)), Duration.ofSeconds(30),
                Duration.ofHours(24), "", Duration.ofMinutes(30));
    }

    private QueuePolicyLoader() {
    }

    /** Reads the file; a missing file gives the built-in default for every queue. */
    public static Result load(Path file) {
        Problems problems = new Problems(file.toString());
        if (!Files.exists(file)) {
            return new Result(Map.of(), builtInDefault(), List.of());
        }
        Node root = YamlSource.compose(file, problems);
        Fields top = root == null ? null : Fields.of(root, "queues", problems);
        if (top == null) {
            return new Result(Map.of(), builtInDefault(), problems.list());
        }
        QueuePolicy defaults = top.has("default") ? parse("default", top.get("default"), builtInDefault(), problems)
                : builtInDefault();
        Map<String, QueuePolicy> queues = new LinkedHashMap<>();
        for (String name : top.names()) {
            if (name.equals("default")) {
                continue;
            }
            if (!name.matches("[A-Za-z0-9_.-]+")) {
                problems.at(top.keyNode(name), "queue name '" + name + "' must be letters, digits, _, . and -");
            }
            queues.put(name, parse(name, top.get(name), defaults, problems));
        }
        return problems.isEmpty() ? new Result(queues, defaults, List.of())
                : new Result(Map.of(), builtInDefault(), problems.list());
    }

    private static QueuePolicy parse(String queue, Node node, QueuePolicy base, Problems problems) {
        Fields f = Fields.of(node, "queue '" + queue + "'", problems);
        if (f == null) {
            return base;
        }
        f.allowOnly(KEYS);
        String where = "queue '" + queue + "'";
        QueuePolicy.Mode mode = base.mode();
        if (f.has("mode")) {
            String m = f.text("mode");
            if ("customer-first".equals(m)) {
                mode = QueuePolicy.Mode.CUSTOMER_FIRST;
            } else if ("agent-first".equals(m)) {
                mode = QueuePolicy.Mode.AGENT_FIRST;
            } else if (m != null) {
                problems.at(f.get("mode"), where + ": mode '" + m + "' must be customer-first or agent-first");
            }
        }
        BusinessCalendar calendar = base.calendar();
        if (f.has("calendar")) {
            // the calendar syntax of dialplans: { open: { mon-fri: "09:00-18:00" }, holidays: [...] }
            Map<String, BusinessCalendar> one = CalendarParser.parse(wrap(f.get("calendar")), problems);
            calendar = one.getOrDefault("calendar", calendar);
        }
        ZoneId zone = base.zone();
        if (f.has("timezone")) {
            String z = f.text("timezone");
            try {
                zone = ZoneId.of(z);
            } catch (DateTimeException | NullPointerException e) {
                problems.at(f.get("timezone"), where + ": unknown timezone '" + z + "' (expected e.g. Asia/Shanghai)");
            }
        }
        List<Duration> retries = base.retryDelays();
        if (f.has("retry")) {
            retries = new ArrayList<>();
            for (ScalarNode n : f.texts("retry")) {
                Duration d = duration(n, where + " retry", problems);
                if (d != null) {
                    retries.add(d);
                }
            }
            if (retries.size() > 10) {
                problems.at(f.get("retry"), where + ": at most 10 retries");
            }
        }
        Duration ring = f.has("ring-timeout") ? durationOr(f.get("ring-timeout"), where + " ring-timeout", base.ringTimeout(), problems)
                : base.ringTimeout();
        if (ring.compareTo(Duration.ofSeconds(5)) < 0 || ring.compareTo(Duration.ofMinutes(2)) > 0) {
            problems.at(f.has("ring-timeout") ? f.get("ring-timeout") : f.node(), where + ": ring-timeout must be 5s-2m");
        }
        Duration maxAge = f.has("max-age") ? durationOr(f.get("max-age"), where + " max-age", base.maxAge(), problems)
                : base.maxAge();
        Duration slot = f.has("slot") ? durationOr(f.get("slot"), where + " slot", base.slotLength(), problems)
                : base.slotLength();
        if (slot.toMinutes() < 5) {
            problems.at(f.has("slot") ? f.get("slot") : f.node(), where + ": slot must be at least 5m");
        }
        String callerId = f.optText("caller-id", base.callerId());
        return new QueuePolicy(queue, mode, calendar, zone, retries, ring, maxAge, callerId, slot);
    }

    private static Node wrap(Node calendar) {
        var key = new ScalarNode(org.yaml.snakeyaml.nodes.Tag.STR, "calendar", calendar.getStartMark(),
                calendar.getEndMark(), org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN);
        return new org.yaml.snakeyaml.nodes.MappingNode(org.yaml.snakeyaml.nodes.Tag.MAP,
                List.of(new org.yaml.snakeyaml.nodes.NodeTuple(key, calendar)),
                org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
    }

    private static Duration durationOr(Node node, String what, Duration fallback, Problems problems) {
        Duration d = node instanceof ScalarNode s ? duration(s, what, problems) : null;
        if (!(node instanceof ScalarNode)) {
            problems.at(node, what + " must be a duration such as 30s, 10m or 24h");
        }
        return d == null ? fallback : d;
    }

    private static Duration duration(ScalarNode n, String what, Problems problems) {
        String text = n.getValue().trim().toLowerCase(Locale.ROOT);
        var m = java.util.regex.Pattern.compile("(\\d{1,6})(s|m|h|d)").matcher(text);
        if (!m.matches()) {
            problems.at(n, what + ": '" + n.getValue() + "' is not a duration such as 30s, 10m, 24h or 2d");
            return null;
        }
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(v);
            case "m" -> Duration.ofMinutes(v);
            case "h" -> Duration.ofHours(v);
            default -> Duration.ofDays(v);
        };
    }
}
