package io.frontdoor.ivr.server;

import io.frontdoor.callback.customer.PhoneNumbers;
import io.frontdoor.callback.sms.SmsMessage;
import io.frontdoor.callback.sms.SmsOutbox;
import io.frontdoor.callback.sms.SmsStore;
import io.frontdoor.callback.sms.SmsTemplates;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.HibernateInteractionLog;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code frontdoor sms list|send}: the SMS outbox, straight from the database. {@code send} only
 * stores the message in the outbox: a running server's sender submits it (at once if it is woken,
 * else at its next wake-up: an enqueue of its own or a retry time).
 */
@Command(name = "sms", description = "The SMS outbox and inbound messages.",
        subcommands = {SmsCommand.ListSms.class, SmsCommand.Send.class})
final class SmsCommand {
    @ParentCommand
    FrontDoorCommand root;

    @Command(name = "list", description = "List SMS messages (out and in), newest first.")
    static final class ListSms implements Callable<Integer> {
        @ParentCommand
        SmsCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--phone", paramLabel = "NUMBER", description = "only this number (any format)")
        String phone;

        @Option(names = "--state", paramLabel = "S", description = "only this state: queued, sending, sent, delivered,"
                + " failed, expired, suppressed, received")
        String state;

        @Option(names = "--limit", defaultValue = "50", description = "at most this many (default ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--json", description = "one JSON array instead of a table")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Settings s = parent.root.settings();
            PrintWriter out = spec.commandLine().getOut();
            SmsMessage.State only = state == null ? null : parseState(state);
            String number = phone == null ? null : e164(s, phone);
            try (Database db = Store.open(s)) {
                List<SmsMessage> rows = new SmsStore(db.dataSource()).list(number, only, Math.max(1, limit));
                if (json) {
                    out.println(CliOutput.json().writeValueAsString(rows.stream().map(SmsCommand::asMap).toList()));
                    return 0;
                }
                out.printf("%-19s %-36s %-3s %-10s %-15s %-10s %-18s %-3s %s%n", "created", "id", "dir", "state", "phone",
                        "customer", "template", "try", "text / error");
                for (SmsMessage m : rows) {
                    out.printf("%-19s %-36s %-3s %-10s %-15s %-10s %-18s %-3d %s%n", CliOutput.time(m.createdAt()), m.id(),
                            m.direction(), m.state(), m.phone(), CliOutput.nz(m.customerId()), CliOutput.nz(m.template()), m.attempts(),
                            m.error() != null ? m.error() : clip(m.text(), 60));
                }
            }
            return 0;
        }
    }

    @Command(name = "send", description = {"Queue an SMS in the outbox.",
            "Only stores it: a running FrontDoor server sends it (its sender picks it up; with none running it"
                    + " waits in the outbox).", "Sent even to a number that opted out only with --essential."})
    static final class Send implements Callable<Integer> {
        @ParentCommand
        SmsCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--to", required = true, paramLabel = "NUMBER", description = "recipient (any format; E.164 inside)")
        String to;

        static final class Body {
            @Option(names = "--template", paramLabel = "KEY", description = "template key of prompts/sms/<lang>.yaml")
            String template;

            @Option(names = "--text", paramLabel = "TEXT", description = "free text")
            String text;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Body body;

        @Option(names = "--lang", paramLabel = "LANG", description = "template language (default: sms.default-language, en)")
        String lang;

        @Option(names = "--var", paramLabel = "K=V", description = "a template value, e.g. --var link=https://…")
        Map<String, String> vars = new LinkedHashMap<>();

        @Option(names = "--customer", paramLabel = "ID", description = "the customer, for the timeline")
        String customer;

        @Option(names = "--key", paramLabel = "KEY", description = "dedupe key: sending again with it queues nothing new")
        String key;

        @Option(names = "--essential", description = "send even if the number opted out (service replies only)")
        boolean essential;

        @Override
        public Integer call() throws Exception {
            Settings s = parent.root.settings();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String number = e164(s, to);
            String language = null;
            String text = body.text;
            if (body.template != null) {
                SmsTemplates templates = SmsTemplates.load(s.path("prompts.dir").resolve("sms"), "en");
                language = templates.language(lang);
                if (!templates.has(body.template)) {
                    err.printf("no SMS template '%s' (known: %s)%n", body.template, String.join(", ", templates.keys()));
                    return 2;
                }
                try {
                    text = templates.render(body.template, language, vars);
                } catch (IllegalArgumentException e) {
                    err.println(e.getMessage() + " (give it with --var)");
                    return 2;
                }
            }
            try (Database db = Store.open(s)) {
                SmsOutbox outbox = SmsOutbox.enqueueOnly(new SmsStore(db.dataSource()), new HibernateInteractionLog(db),
                        Clock.systemUTC());
                SmsOutbox.Enqueued e = outbox.enqueue(new SmsOutbox.Message(customer, number, text, body.template,
                        language, essential, false, key));
                switch (e.status()) {
                    case QUEUED -> out.printf("queued sms %s to %s: a running FrontDoor server sends it%n", e.id(), number);
                    case DUPLICATE -> out.printf("sms %s was queued before with key %s: nothing new queued%n", e.id(), key);
                    case SUPPRESSED -> {
                        out.printf("sms %s not sent: %s opted out (use --essential for a service reply)%n", e.id(),
                                number);
                        return 1;
                    }
                }
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            }
            return 0;
        }
    }

    private static String e164(Settings s, String raw) {
        Optional<String> n = new PhoneNumbers(s.text("phone.default-region")).toE164(raw);
        if (n.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new SmsCommand()),
                    "not a valid phone number: " + raw);
        }
        return n.get();
    }

    private static SmsMessage.State parseState(String text) {
        try {
            return SmsMessage.State.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new SmsCommand()),
                    "unknown state '" + text + "' (queued, sending, sent, delivered, failed, expired, suppressed,"
                            + " received)");
        }
    }

    static Map<String, Object> asMap(SmsMessage m) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", m.id());
        map.put("direction", m.direction().name());
        map.put("state", m.state().name());
        map.put("customerId", m.customerId());
        map.put("phone", m.phone());
        map.put("template", m.template());
        map.put("language", m.language());
        map.put("text", m.text());
        map.put("essential", m.essential());
        map.put("attempts", m.attempts());
        map.put("nextAttemptAt", m.nextAttemptAt());
        map.put("smscIds", m.smscIds());
        map.put("dedupeKey", m.dedupeKey());
        map.put("error", m.error());
        map.put("createdAt", m.createdAt());
        map.put("updatedAt", m.updatedAt());
        return map;
    }




    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
