package io.frontdoor.ivr.rules;

import io.frontdoor.callback.schedule.BusinessCalendar;
import io.frontdoor.callback.customer.Customer;
import io.frontdoor.ivr.caller.Caller;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the variables a rule sees. Names stay out: a rule may test who the customer is (id,
 * tier, flags) but never their name, so dialplans cannot leak or branch on it. Integers are
 * {@code Long} because CEL's int is 64-bit.
 */
public final class RuleVariables {
    public static final String CUSTOMER = "customer";
    public static final String CALLER = "caller";
    public static final String CALL = "call";
    public static final String TIME = "time";
    public static final String HOURS = "hours";
    public static final String CHOICES = "choices";
    public static final String LAST_CHOICE = "last_choice";
    public static final String VARS = "vars";

    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm");

    private final Map<String, Object> values = new HashMap<>();

    /** Starts with every variable present and empty, so rules never meet an undefined one. */
    public RuleVariables() {
        customer(null);
        caller(null);
        call("", "", "", "", 0);
        values.put(TIME, Map.of());
        values.put(HOURS, Map.of());
        choices(Map.of(), "");
        vars(Map.of());
    }

    /** {@code customer}: known, id, tier ('VIP'|'STANDARD', '' unknown), language, flags. */
    public RuleVariables customer(Customer c) {
        Map<String, Object> m = new HashMap<>();
        m.put("known", c != null);
        m.put("id", c == null ? "" : c.id());
        m.put("tier", c == null ? "" : c.tier().name());
        m.put("language", c == null ? "" : c.language());
        m.put("flags", c == null ? List.of() : List.copyOf(c.flags()));
        values.put(CUSTOMER, m);
        return this;
    }

    /** {@code caller}: greeting ('first'|'returning'|'unknown'), trusted, shared, withheld. */
    public RuleVariables caller(Caller c) {
        values.put(CALLER, Map.of(
                "greeting", c == null ? "unknown" : c.greeting().label(),
                "trusted", c != null && c.nameTrusted(),
                "shared", c != null && c.isShared(),
                "withheld", c == null || c.number() == null));
        return this;
    }

    /** {@code call}: dialled, flow, entry, language (current) and steps taken so far. */
    public RuleVariables call(String dialled, String flow, String entry, String language, long steps) {
        values.put(CALL, Map.of("dialled", nz(dialled), "flow", nz(flow), "entry", nz(entry),
                "language", nz(language), "steps", steps));
        return this;
    }

    /**
     * {@code time} (hour, minute, weekday 1=Mon..7=Sun, date, hhmm) at {@code now}, already in the
     * flow's time zone, and {@code hours}: per calendar name, whether it is open then.
     */
    public RuleVariables time(ZonedDateTime now, Map<String, BusinessCalendar> calendars) {
        values.put(TIME, Map.of(
                "hour", (long) now.getHour(),
                "minute", (long) now.getMinute(),
                "weekday", (long) now.getDayOfWeek().getValue(),
                "date", now.toLocalDate().toString(),
                "hhmm", now.format(HHMM)));
        Map<String, Boolean> hours = new HashMap<>();
        calendars.forEach((name, cal) -> hours.put(name, cal.isOpen(now.toLocalDateTime())));
        values.put(HOURS, hours);
        return this;
    }

    /** {@code choices}: menu step → digits chosen; {@code last_choice}: the latest digits. */
    public RuleVariables choices(Map<String, String> choices, String lastChoice) {
        values.put(CHOICES, Map.copyOf(choices));
        values.put(LAST_CHOICE, nz(lastChoice));
        return this;
    }

    /** {@code vars}: variables set by the flow's set steps. */
    public RuleVariables vars(Map<String, String> vars) {
        values.put(VARS, Map.copyOf(vars));
        return this;
    }

    /** The variables, ready for {@link Rule#test(Map)}. */
    public Map<String, Object> asMap() {
        return Map.copyOf(values);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
