package io.frontdoor.ivr.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.callback.customer.Tier;
import io.frontdoor.ivr.caller.Caller;
import io.frontdoor.ivr.caller.Greeting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowRunnerTest {
    static final String HOTLINE = """
            hotline: ["+86 400-123-4567", "400 123 4567", "100"]
            language: en
            timezone: Asia/Shanghai
            calendars:
              main: { open: { mon-fri: "09:00-18:00" } }
            start: greet
            steps:
              greet: { greet: { returning: greeting.returning, first_time: greeting.first, unknown: greeting.unknown }, next: route }
              route:
                rules:
                  - when: "customer.tier == 'VIP'"
                    goto: vip_queue
                  - when: "!hours.main"
                    goto: closed
                  - otherwise: main_menu
              main_menu:
                menu: { prompt: menu.main, choices: { "1": balance, "0": agent }, retries: 1, invalid: menu.invalid, no_input: menu.no_input, on_fail: agent }
              balance: { play: selfservice.balance, next: bye }
              agent: { queue: { name: general, priority: 1 } }
              vip_queue: { queue: { name: vip, priority: 10 } }
              closed: { play: closed.message, next: end }
              bye: { hangup: {} }
            """;

    @TempDir
    Path dir;
    FlowHarness h;
    final Customer vip = FakeCallers.customer("C1", "Chen Wei", Tier.VIP, "en");
    final Customer standard = FakeCallers.customer("C2", "Li Na", Tier.STANDARD, "en");

    @BeforeEach
    void setUp() {
        h = new FlowHarness(dir).file("hotline.yaml", HOTLINE);
    }

    @Test
    void vipCallerIsRoutedToTheVipQueue() {
        RecordingCall call = new RecordingCall();
        Interaction i = h.run(call, FakeCallers.known(vip, Greeting.RETURNING, true));

        assertEquals(List.of("vip/10"), call.events("queue:"));
        assertEquals(Outcome.QUEUED, i.outcome());
        assertEquals("vip", i.route());
        assertEquals("greet>route>vip_queue", i.path());
        assertEquals("vip_queue", i.endStep());
        assertEquals("C1", i.customerId());
        assertEquals("hotline", i.flow());
        assertEquals(Interaction.Channel.VOICE, i.channel());
        assertEquals("call-1", i.ref());
    }

    @Test
    void channelVariablesAreSetBeforeTheHandOff() {
        RecordingCall call = new RecordingCall();
        h.run(call, FakeCallers.known(vip, Greeting.RETURNING, true));

        assertEquals(Map.of("FRONTDOOR_CUSTOMER_ID", "C1", "FRONTDOOR_TIER", "VIP", "FRONTDOOR_LANGUAGE", "en",
                "FRONTDOOR_GREETING", "returning", "FRONTDOOR_ROUTE", "vip"), call.variables);
        assertTrue(call.events.indexOf("set:FRONTDOOR_ROUTE=vip") < call.events.indexOf("queue:vip/10"));
    }

    @Test
    void unknownCallerGetsEmptyChannelVariables() {
        RecordingCall call = new RecordingCall().digits("0");
        h.run(call, Caller.unknown(null, "withheld"));

        assertEquals("", call.variables.get("FRONTDOOR_CUSTOMER_ID"));
        assertEquals("", call.variables.get("FRONTDOOR_TIER"));
        assertEquals("unknown", call.variables.get("FRONTDOOR_GREETING"));
        assertEquals("general", call.variables.get("FRONTDOOR_ROUTE"));
    }

    @Test
    void standardCallerChoosesBalanceAndTheChoiceIsRecorded() {
        RecordingCall call = new RecordingCall().digits("1");
        Interaction i = h.run(call, FakeCallers.known(standard, Greeting.RETURNING, true));

        assertEquals(Outcome.COMPLETED, i.outcome());
        assertEquals("greet>route>main_menu>balance>bye", i.path());
        assertEquals("main_menu=1", i.choices());
        assertTrue(call.events.contains("play:en/selfservice.balance"));
        assertTrue(call.variables.isEmpty(), "no channel variables after the flow hung up: " + call.variables);
    }

    @Test
    void callerHangingUpInTheMenuIsRecordedAtThatStep() {
        // operations: 1 answer, 2 greeting, 3 menu collect
        RecordingCall call = new RecordingCall().hangUpAtOperation(3);
        Interaction i = h.run(call, FakeCallers.known(standard, Greeting.RETURNING, true));

        assertEquals(Outcome.CALLER_HUNG_UP, i.outcome());
        assertEquals("main_menu", i.endStep());
        assertEquals("greet>route>main_menu", i.path());
        assertTrue(call.variables.isEmpty(), "no channel variables after the caller hung up");
    }

    @Test
    void callerHangingUpDuringTheHandOffSendsNothingMore() {
        // 1 answer, 2 greeting, 3 collect, 4.. variables: hang up on the first variable
        RecordingCall call = new RecordingCall().digits("0").hangUpAtOperation(4);
        Interaction i = h.run(call, FakeCallers.known(standard, Greeting.RETURNING, true));

        assertEquals(Outcome.CALLER_HUNG_UP, i.outcome());
        assertEquals("agent", i.endStep());
        assertTrue(call.events("queue:").isEmpty());
        assertTrue(call.events("set:").isEmpty());
    }

    @Test
    void afterHoursCallerHearsClosedMessageAndIsHandedBack() {
        h.clock = java.time.Clock.fixed(java.time.Instant.parse("2026-11-23T12:00:00Z"), java.time.ZoneId.of("UTC"));
        RecordingCall call = new RecordingCall();
        Interaction i = h.run(call, FakeCallers.known(standard, Greeting.FIRST, true));

        assertEquals("greet>route>closed", i.path());
        assertEquals(Outcome.COMPLETED, i.outcome());
        assertTrue(call.events.contains("play:en/closed.message"));
        assertEquals("first", call.variables.get("FRONTDOOR_GREETING"));
        assertEquals("", call.variables.get("FRONTDOOR_ROUTE"));
    }

    @Test
    void dialledNumberIsMatchedIgnoringPlusSpacesAndDashes() {
        h.file("default.yaml", """
                start: bye
                steps:
                  bye: { hangup: {} }
                """);
        Interaction viaHotline = h.run(new RecordingCall().dialled("+864001234567"), Caller.unknown(null, ""));
        Interaction viaOther = h.run(new RecordingCall().dialled("999"), Caller.unknown(null, ""));
        Interaction viaName = h.run(new RecordingCall().dialled("999").requestedFlow("hotline").digits("0"),
                Caller.unknown(null, ""));

        assertEquals("hotline", viaHotline.flow());
        assertEquals("default", viaOther.flow());
        assertEquals("hotline", viaName.flow());
    }

    @Test
    void callWithNoMatchingFlowAndNoDefaultIsRecordedFailed() {
        RecordingCall call = new RecordingCall().dialled("999");
        Interaction i = h.run(call, Caller.unknown(null, ""));

        assertEquals(Outcome.FAILED, i.outcome());
        assertTrue(call.events.isEmpty(), "call untouched: " + call.events);
    }

    @Test
    void stepBudgetStopsALoopingCall() {
        h.file("loop.yaml", """
                start: menu
                steps:
                  menu: { menu: { prompt: menu.main, choices: { "1": again }, on_fail: bye } }
                  again: { set: { round: "x" }, next: menu }
                  bye: { hangup: {} }
                """);
        h.stepBudget = 10;
        RecordingCall call = new RecordingCall().requestedFlow("loop").thenAlways("1");
        Interaction i = h.run(call, Caller.unknown(null, ""));

        assertEquals(Outcome.FAILED, i.outcome());
        assertTrue(i.detail().contains("step budget of 10"), i.detail());
        assertEquals(10, i.path().split(">").length);
    }

    @Test
    void failingInteractionLogDoesNotFailTheCall() {
        h.log.failing = true;
        RecordingCall call = new RecordingCall();
        h.runner(FakeCallers.Identifier.always(FakeCallers.known(vip, Greeting.RETURNING, true))).handle(call);

        assertEquals(List.of("vip/10"), call.events("queue:"));
        assertTrue(h.log.recorded.isEmpty());
    }

    @Test
    void switchFailureEndsTheCallFailedWithDetail() {
        h.file("broken.yaml", """
                start: x
                steps:
                  x: { transfer: "SIP/desk" }
                """);
        RecordingCall call = new RecordingCall().failOn("transfer:").requestedFlow("broken");
        Interaction i = h.run(call, Caller.unknown(null, ""));

        assertEquals(Outcome.FAILED, i.outcome());
        assertEquals("x", i.endStep());
        assertTrue(i.detail().contains("no such channel"), i.detail());
    }

    @Test
    void callInProgressKeepsTheFlowItStartedWith() {
        DialplanRegistry registry = h.registry();
        // the flow is changed and reloaded while the caller is being identified
        FakeCallers.Identifier identifier = new FakeCallers.Identifier(call -> {
            h.file("hotline.yaml", HOTLINE.replace("name: vip, priority: 10", "name: platinum, priority: 10"));
            registry.reload();
            return FakeCallers.known(vip, Greeting.RETURNING, true);
        }, Map.of());
        RecordingCall first = new RecordingCall();
        h.runner(identifier).handle(first);
        RecordingCall second = new RecordingCall();
        h.run(second, FakeCallers.known(vip, Greeting.RETURNING, true));

        assertEquals(List.of("vip/10"), first.events("queue:"));
        assertEquals(List.of("platinum/10"), second.events("queue:"));
    }

    @Test
    void identifierThatThrowsLeavesTheCallerUnknown() {
        RecordingCall call = new RecordingCall().digits("0");
        h.runner(new FakeCallers.Identifier(c -> {
            throw new IllegalStateException("boom");
        }, Map.of())).handle(call);

        Interaction i = h.log.only();
        assertEquals(Outcome.QUEUED, i.outcome());
        assertNull(i.customerId());
        assertFalse(call.events("play:").isEmpty());
        assertEquals("unknown", i.greeting());
    }
}
