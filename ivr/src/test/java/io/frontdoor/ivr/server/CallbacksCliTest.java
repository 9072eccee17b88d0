package io.frontdoor.ivr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.callback.dispatch.CallbackTimeline;
import io.frontdoor.callback.queue.CallbackAttempt;
import io.frontdoor.callback.queue.CallbackRequest;
import io.frontdoor.callback.queue.CallbackState;
import io.frontdoor.callback.queue.CallbackStore;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.HibernateInteractionLog;
import io.frontdoor.callback.store.StoreSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code frontdoor callbacks list|show|cancel}, in-process against a real embedded H2 database. */
class CallbacksCliTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");

    @TempDir
    Path dir;

    private String pending;
    private String dialling;
    private String completed;

    private record Run(int exit, String out, String err) {
    }

    private Run frontdoor(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new FrontDoorCommand(Map.of("FRONTDOOR_HOME", REPO.toString(),
                "FRONTDOOR_DATA_DIR", dir.resolve("data").toString())).commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Database openStore() {
        return Database.open(StoreSettings.embeddedH2(dir.resolve("data")));
    }

    private static CallbackRequest request(String id, String customer, String queue, String phone, Instant created) {
        return new CallbackRequest(id, customer, queue, phone, "en", 5, created, created, false, CallbackState.PENDING, 0,
                created.plus(Duration.ofHours(4)), created, created, "call-" + id, phone, null, null);
    }

    /** Three requests: one pending, one being dialled, one completed with its whole timeline. */
    @BeforeEach
    void seed() {
        try (Database db = openStore()) {
            CallbackStore store = new CallbackStore(db.dataSource());
            HibernateInteractionLog log = new HibernateInteractionLog(db);
            CallbackTimeline timeline = new CallbackTimeline(log);
            pending = store.open(request("11111111-pending", "C1", "vip", "+8613800138000", T0)).request().id();
            dialling = store.open(request("22222222-dialling", "C2", "vip", "+8613900139000", T0.plusSeconds(60)))
                    .request().id();
            store.claim(dialling, "PJSIP/2002", T0.plusSeconds(120)).orElseThrow();
            CallbackRequest done = store.open(request("33333333-completed", "C1", "general", "+8613800138000",
                    T0.plusSeconds(180))).request();
            completed = done.id();
            log.record(Interaction.builder("call-" + completed, Interaction.Channel.VOICE, T0.plusSeconds(150))
                    .customerId("C1").phone("+8613800138000").flow("hotline-en").outcome(Outcome.CALLBACK_REQUESTED)
                    .path("greet>route>offer>bye").choices("offer=asap").route("general").build());
            timeline.requested(done, false, T0.plusSeconds(180));
            CallbackAttempt a = store.claim(completed, "PJSIP/2001", T0.plusSeconds(240)).orElseThrow();
            store.endAttempt(a, CallbackAttempt.Outcome.CONNECTED, "bridged to Agent 2001", T0.plusSeconds(260),
                    CallbackState.COMPLETED, done.dueAt(), "bridged to Agent 2001", true);
            timeline.attempt(done, a, CallbackAttempt.Outcome.CONNECTED, "bridged to Agent 2001", T0.plusSeconds(260));
            log.record(Interaction.builder("cb-call-9", Interaction.Channel.CALLBACK, T0.plusSeconds(245))
                    .customerId("C1").phone("+8613800138000").flow("callback").outcome(Outcome.CONNECTED)
                    .path("announce>connect>connected").detail("callback " + completed + " attempt 1: connected").build());
            // someone else's call, which must not show up
            log.record(Interaction.builder("call-other", Interaction.Channel.VOICE, T0.plusSeconds(10)).customerId("C1")
                    .outcome(Outcome.QUEUED).build());
        }
    }

    @Test
    void listShowsNewestFirstAndFiltersByStateQueueAndCustomer() throws Exception {
        Run all = frontdoor("callbacks", "list");
        assertEquals(0, all.exit(), all.err());
        List<String> lines = all.out().lines().toList();
        assertEquals(4, lines.size(), all.out());
        assertTrue(lines.get(0).startsWith("created"), lines.get(0));
        assertTrue(lines.get(1).matches("2026-11-23T02:03:00 +" + completed + " +COMPLETED +general +C1 +\\+8613800138000"
                + " +2026-11-23T02:03:00 +1 +bridged to Agent 2001"), lines.get(1));
        assertTrue(lines.get(2).matches(".*" + dialling + " +DIALING .* +1 +dialling for PJSIP/2002"), lines.get(2));
        assertTrue(lines.get(3).contains(pending), lines.get(3));

        Run json = frontdoor("callbacks", "list", "--state", "Pending", "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode rows = new ObjectMapper().readTree(json.out());
        assertEquals(1, rows.size(), json.out());
        JsonNode r = rows.get(0);
        List<String> fields = new ArrayList<>();
        r.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("id", "state", "customerId", "queue", "phone", "language", "priority", "arrivedAt", "dueAt",
                "timed", "attempts", "expiresAt", "createdAt", "updatedAt", "originCall", "requestedBy", "agent",
                "closedReason"), fields);
        assertEquals(pending, r.get("id").asText());
        assertEquals("+8613800138000", r.get("phone").asText());
        assertEquals(T0, Instant.parse(r.get("arrivedAt").asText()));

        Run filtered = frontdoor("callbacks", "list", "--queue", "vip", "--customer", "C2", "--json");
        JsonNode vipC2 = new ObjectMapper().readTree(filtered.out());
        assertEquals(1, vipC2.size(), filtered.out());
        assertEquals(dialling, vipC2.get(0).get("id").asText());

        Run bad = frontdoor("callbacks", "list", "--state", "waiting");
        assertEquals(2, bad.exit());
        assertEquals("frontdoor: --state 'waiting' is not a state (expected one of pending, dialing, completed, missed,"
                + " cancelled, expired)", bad.err().strip());
    }

    @Test
    void showGivesTheRequestItsAttemptsAndItsTimelineEntriesOnly() throws Exception {
        Run text = frontdoor("callbacks", "show", completed);
        assertEquals(0, text.exit(), text.err());
        String out = text.out();
        assertTrue(out.startsWith("callback " + completed + "\n"), out);
        assertTrue(out.contains("  state      COMPLETED (bridged to Agent 2001)\n"), out);
        assertTrue(out.contains("  queue      general, priority 5\n"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches(" +#1 2026-11-23T02:04:00 +CONNECTED +PJSIP/2001 +bridged to Agent 2001")),
                out);

        Run json = frontdoor("callbacks", "show", completed, "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode shown = new ObjectMapper().readTree(json.out());
        assertEquals(completed, shown.get("request").get("id").asText());
        assertEquals(1, shown.get("attempts").size());
        assertEquals("CONNECTED", shown.get("attempts").get(0).get("outcome").asText());
        List<String> refs = new ArrayList<>();
        shown.get("timeline").forEach(i -> refs.add(i.get("channel").asText() + " " + i.get("ref").asText()));
        String attemptId = shown.get("attempts").get(0).get("id").asText();
        assertEquals(List.of("VOICE call-" + completed, "CALLBACK " + completed, "CALLBACK " + attemptId,
                "CALLBACK cb-call-9"), refs);

        Run missing = frontdoor("callbacks", "show", "nope");
        assertEquals(2, missing.exit());
        assertEquals("frontdoor: no callback request 'nope'", missing.err().strip());
    }

    @Test
    void cancelClosesAPendingRequestButNotOneBeingDialledOrClosed() {
        Run ok = frontdoor("callbacks", "cancel", pending);
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("cancelled callback " + pending, ok.out().strip());

        Run busy = frontdoor("callbacks", "cancel", dialling);
        assertEquals(1, busy.exit());
        assertEquals("callback " + dialling + " is being dialled right now (for PJSIP/2002): not cancelled; cancel it"
                + " again once the attempt is over", busy.err().strip());

        Run again = frontdoor("callbacks", "cancel", pending);
        assertEquals(1, again.exit());
        assertEquals("callback " + pending + " is already cancelled: nothing to cancel", again.err().strip());

        try (Database db = openStore()) {
            CallbackStore store = new CallbackStore(db.dataSource());
            CallbackRequest r = store.find(pending).orElseThrow();
            assertEquals(CallbackState.CANCELLED, r.state());
            assertEquals("cancelled by admin (command line)", r.closedReason());
            assertEquals(CallbackState.DIALING, store.find(dialling).orElseThrow().state());
            assertTrue(new HibernateInteractionLog(db).find(new io.frontdoor.callback.customer.InteractionQuery("C1", null, 50))
                    .stream().anyMatch(i -> i.ref().equals(pending + "/closed") && i.outcome() == Outcome.CLOSED),
                    "the cancel is on the customer's timeline");
        }
    }
}
