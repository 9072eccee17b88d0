package io.frontdoor.ivr.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.InteractionQuery;
import io.frontdoor.callback.customer.PhoneNumbers;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.HibernateInteractionLog;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code frontdoor calls list}: the interaction timeline. */
@Command(name = "calls", description = "The interaction timeline.", subcommands = CallsCommand.ListCalls.class)
final class CallsCommand {
    @ParentCommand
    FrontDoorCommand root;

    @Command(name = "list", description = "List interactions, newest first.")
    static final class ListCalls implements Callable<Integer> {
        @ParentCommand
        CallsCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "one JSON array instead of a table")
        boolean json;

        @Option(names = "--number", paramLabel = "N", description = "only this caller's number (any format)")
        String number;

        @Option(names = "--customer", paramLabel = "ID", description = "only this customer")
        String customer;

        @Option(names = "--limit", defaultValue = "50", description = "at most this many (default ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() throws Exception {
            Settings s = parent.root.settings();
            String phone = null;
            if (number != null) {
                PhoneNumbers phones = Store.phoneNumbers(s);
                phone = phones.toE164(number).orElseThrow(() -> new IllegalArgumentException("--number '" + number
                        + "' is not a valid phone number (numbers without a country code are read as region "
                        + phones.defaultRegion() + ")"));
            }
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = Store.open(s)) {
                List<Interaction> rows = new HibernateInteractionLog(db)
                        .find(new InteractionQuery(customer, phone, Math.max(1, limit)));
                if (json) {
                    ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                            .enable(SerializationFeature.INDENT_OUTPUT);
                    out.println(mapper.writeValueAsString(rows.stream().map(CallsCommand::asMap).toList()));
                } else {
                    out.printf("%-20s %-10s %-14s %-16s %-9s %-15s %-14s %s%n", "started", "customer", "from",
                            "flow", "greeting", "outcome", "at step", "path / choices");
                    for (Interaction i : rows) {
                        out.printf("%-20s %-10s %-14s %-16s %-9s %-15s %-14s %s%s%n",
                                i.startedAt().toString().substring(0, 19), nz(i.customerId()), nz(i.phone()), nz(i.flow()),
                                nz(i.greeting()), i.outcome(), nz(i.endStep()), nz(i.path()),
                                i.choices() == null || i.choices().isEmpty() ? "" : "  [" + i.choices() + "]");
                    }
                }
            }
            return 0;
        }

        private static String nz(String s) {
            return s == null || s.isEmpty() ? "-" : s;
        }
    }

    static Map<String, Object> asMap(Interaction i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("ref", i.ref());
        m.put("channel", i.channel());
        m.put("customerId", i.customerId());
        m.put("phone", i.phone());
        m.put("dialled", i.dialled());
        m.put("flow", i.flow());
        m.put("language", i.language());
        m.put("greeting", i.greeting());
        m.put("startedAt", i.startedAt());
        m.put("endedAt", i.endedAt());
        m.put("outcome", i.outcome());
        m.put("endStep", i.endStep());
        m.put("path", i.path());
        m.put("choices", i.choices());
        m.put("route", i.route());
        m.put("detail", i.detail());
        return m;
    }
}
