package io.frontdoor.ivr.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.Tier;
import io.frontdoor.ivr.caller.Caller;
import io.frontdoor.ivr.caller.Greeting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GreetStepTest {
    static final String FLOW = """
            language: en
            start: greet
            steps:
              greet: { greet: { returning: greeting.returning, first_time: greeting.first, unknown: greeting.unknown, shared_number: %s }, next: end }
            """;

    @TempDir
    Path dir;
    final Customer chen = FakeCallers.customer("C1", "Chen Wei", Tier.STANDARD, "en");
    final Customer wang = FakeCallers.customer("C7", "Wang Fang", Tier.VIP, "zh");

    private List<String> heard(Caller caller, String sharedMode, RecordingCall call) {
        new FlowHarness(dir).file("default.yaml", FLOW.formatted(sharedMode)).run(call, caller);
        return call.events.stream().filter(e -> e.startsWith("play:") || e.startsWith("collect:")).toList();
    }

    @Test
    void returningCustomerIsGreetedByNameOnlyWhenTheCallerIdIsTrusted() {
        assertEquals(List.of("play:en/greeting.returning{name=Chen Wei, salutation=Ms.}"),
                heard(FakeCallers.known(chen, Greeting.RETURNING, true), "generic", new RecordingCall()));
        assertEquals(List.of("play:en/greeting.unknown"),
                heard(FakeCallers.known(chen, Greeting.RETURNING, false), "generic", new RecordingCall()));
    }

    @Test
    void firstTimeCustomerGetsTheFirstTimeGreetingWithoutName() {
        assertEquals(List.of("play:en/greeting.first"),
                heard(FakeCallers.known(chen, Greeting.FIRST, true), "generic", new RecordingCall()));
    }

    @Test
    void unknownCallerGetsTheGenericGreeting() {
        assertEquals(List.of("play:en/greeting.unknown"),
                heard(Caller.unknown("+8613900000000", "not a customer"), "generic", new RecordingCall()));
    }

    @Test
    void knownCustomerIsGreetedInTheirOwnLanguage() {
        RecordingCall call = new RecordingCall();
        assertEquals(List.of("play:zh/greeting.returning{name=Wang Fang, salutation=Ms.}"),
                heard(FakeCallers.known(wang, Greeting.RETURNING, true), "generic", call));
        assertEquals("zh", call.variables.get("FRONTDOOR_LANGUAGE"));
    }

    @Test
    void sharedNumberGetsTheGenericGreetingByDefault() {
        Caller shared = new Caller("+8613800138000", null, Greeting.UNKNOWN, false, List.of(chen, wang), "shared number");
        assertEquals(List.of("play:en/greeting.unknown"), heard(shared, "generic", new RecordingCall().digits("C1")));
    }

    @Test
    void sharedNumberCallerWhoKeysTheirCustomerNumberIsGreetedByName() {
        Customer a = FakeCallers.customer("1001", "Chen Wei", Tier.STANDARD, "en");
        Customer b = FakeCallers.customer("1002", "Wang Fang", Tier.VIP, "zh");
        Caller shared = new Caller("+8613800138000", null, Greeting.UNKNOWN, false, List.of(a, b), "shared number");
        RecordingCall call = new RecordingCall().digits("1002");
        FlowHarness h = new FlowHarness(dir).file("default.yaml", FLOW.formatted("ask"));
        h.runner(new FakeCallers.Identifier(c -> shared, Map.of("1002", Greeting.RETURNING))).handle(call);

        assertEquals(List.of("collect:en/greeting.ask_customer", "play:zh/greeting.returning{name=Wang Fang, salutation=Ms.}"),
                call.events.stream().filter(e -> e.startsWith("play:") || e.startsWith("collect:")).toList());
        Interaction i = h.log.only();
        assertEquals("1002", i.customerId());
        assertEquals("returning", i.greeting());
        assertEquals("1002", call.variables.get("FRONTDOOR_CUSTOMER_ID"));
    }

    @Test
    void sharedNumberCallerKeyingAnUnknownNumberGetsTheGenericGreeting() {
        Customer a = FakeCallers.customer("1001", "Chen Wei", Tier.STANDARD, "en");
        Customer b = FakeCallers.customer("1002", "Wang Fang", Tier.VIP, "zh");
        Caller shared = new Caller("+8613800138000", null, Greeting.UNKNOWN, false, List.of(a, b), "shared number");
        assertEquals(List.of("collect:en/greeting.ask_customer", "play:en/greeting.unknown"),
                heard(shared, "ask", new RecordingCall().digits("9999")));
    }
}
