package io.frontdoor.ivr.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.callback.customer.Tier;
import io.frontdoor.ivr.caller.Caller;
import io.frontdoor.ivr.caller.Greeting;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One behaviour test per step kind (greet has its own class), each through a tiny flow. */
class StepKindsTest {
    @TempDir
    Path dir;

    private Interaction run(String steps, RecordingCall call, Caller caller) {
        return new FlowHarness(dir).file("default.yaml", "start: first\nsteps:\n" + steps).run(call, caller);
    }

    private Interaction run(String steps, RecordingCall call) {
        return run(steps, call, Caller.unknown(null, "withheld"));
    }

    @Test
    void playPlaysTheCatalogPromptThenContinues() {
        RecordingCall call = new RecordingCall();
        Interaction i = run("""
                  first: { play: closed.message, next: bye }
                  bye: { hangup: {} }
                """, call);
        assertEquals(List.of("en/closed.message"), call.events("play:"));
        assertEquals("first>bye", i.path());
        assertEquals(Outcome.COMPLETED, i.outcome());
    }

    @Test
    void sayFillsTheTemplateAndSpeaksTheNameOnlyToTrustedCallers() {
        String flow = """
                  first: { set: { campaign: autumn }, next: thanks }
                  thanks: { say: "Thank you {customer.salutation} {customer.name}, {vars.campaign}", next: end }
                """;
        var customer = FakeCallers.customer("C1", "Chen Wei", Tier.STANDARD, "en");
        RecordingCall trusted = new RecordingCall();
        run(flow, trusted, FakeCallers.known(customer, Greeting.RETURNING, true));
        RecordingCall untrusted = new RecordingCall();
        run(flow, untrusted, FakeCallers.known(customer, Greeting.RETURNING, false));

        assertEquals(List.of("tts:en:Thank you Ms. Chen Wei, autumn"), trusted.events("play:"));
        assertEquals(List.of("tts:en:Thank you , autumn"), untrusted.events("play:"));
    }

    @Test
    void menuRoutesAValidChoice() {
        RecordingCall call = new RecordingCall().digits("2");
        Interaction i = run("""
                  first: { menu: { prompt: menu.main, choices: { "1": a, "2": b }, on_fail: a } }
                  a: { hangup: {} }
                  b: { goto: end }
                """, call);
        assertEquals("first>b", i.path());
        assertEquals("first=2", i.choices());
    }

    @Test
    void menuRepromptsOnInvalidAndSilentInputThenGoesToOnFail() {
        RecordingCall call = new RecordingCall().digits("7", "", "9");
        Interaction i = run("""
                  first: { menu: { prompt: menu.main, choices: { "1": a }, retries: 2, invalid: menu.invalid, no_input: menu.no_input, on_fail: agent } }
                  a: { hangup: {} }
                  agent: { queue: { name: general } }
                """, call);
        assertEquals(List.of("collect:en/menu.main", "play:en/menu.invalid", "collect:en/menu.main",
                "play:en/menu.no_input", "collect:en/menu.main"),
                call.events.stream().filter(e -> e.startsWith("play:") || e.startsWith("collect:")).toList());
        assertEquals("first>agent", i.path());
        assertEquals("", i.choices());
        assertEquals(Outcome.QUEUED, i.outcome());
    }

    @Test
    void menuAcceptsAValidChoiceOnARetry() {
        RecordingCall call = new RecordingCall().digits("", "12");
        Interaction i = run("""
                  first: { menu: { prompt: menu.main, choices: { "12": a, "3": agent }, retries: 1, on_fail: agent } }
                  a: { hangup: {} }
                  agent: { queue: { name: general } }
                """, call);
        assertEquals("first>a", i.path());
        assertEquals("first=12", i.choices());
    }

    @Test
    void rulesTakeTheFirstTrueBranchElseOtherwise() {
        String flow = """
                  first: { menu: { prompt: menu.main, choices: { "1": route, "2": route }, on_fail: route } }
                  route:
                    rules:
                      - when: "last_choice == '1'"
                        goto: one
                      - when: "choices.first == '1' || true"
                        goto: two
                      - otherwise: three
                  one: { hangup: {} }
                  two: { hangup: {} }
                  three: { hangup: {} }
                """;
        assertEquals("first>route>one", run(flow, new RecordingCall().digits("1")).path());
        assertEquals("first>route>two", run(flow, new RecordingCall().digits("2")).path());
    }

    @Test
    void rulesThatFailAtRunTimeCountAsFalse() {
        Interaction i = run("""
                  first:
                    rules:
                      - when: "vars.missing == 'x'"
                        goto: a
                      - otherwise: b
                  a: { hangup: {} }
                  b: { hangup: {} }
                """, new RecordingCall());
        assertEquals("first>b", i.path());
    }

    @Test
    void languageSwitchesLaterPrompts() {
        RecordingCall call = new RecordingCall();
        Interaction i = run("""
                  first: { play: menu.main, next: zh }
                  zh: { language: zh, next: again }
                  again: { play: menu.main, next: end }
                """, call);
        assertEquals(List.of("en/menu.main", "zh/menu.main"), call.events("play:"));
        assertEquals("zh", i.language());
        assertEquals("zh", call.variables.get("FRONTDOOR_LANGUAGE"));
    }

    @Test
    void queueHandsTheCallToTheSwitchQueue() {
        RecordingCall call = new RecordingCall();
        Interaction i = run("  first: { queue: { name: loans, priority: 5 } }\n", call);
        assertEquals(List.of("loans/5"), call.events("queue:"));
        assertEquals(Outcome.QUEUED, i.outcome());
        assertEquals("loans", i.route());
    }

    @Test
    void transferHandsTheCallToATarget() {
        RecordingCall call = new RecordingCall();
        Interaction i = run("  first: { transfer: \"SIP/fraud-desk\" }\n", call);
        assertEquals(List.of("SIP/fraud-desk"), call.events("transfer:"));
        assertEquals("SIP/fraud-desk", call.variables.get("FRONTDOOR_ROUTE"));
        assertEquals(Outcome.TRANSFERRED, i.outcome());
        assertEquals("SIP/fraud-desk", i.route());
    }

    @Test
    void setStoresVariablesForRulesAndOptionallyOnTheChannel() {
        RecordingCall call = new RecordingCall();
        Interaction i = run("""
                  first: { set: { campaign: autumn }, next: push }
                  push: { set: { segment: gold }, channel: true, next: route }
                  route:
                    rules:
                      - when: "vars.campaign == 'autumn' && vars.segment == 'gold'"
                        goto: yes
                      - otherwise: no
                  yes: { hangup: {} }
                  no: { hangup: {} }
                """, call);
        assertEquals("first>push>route>yes", i.path());
        assertEquals(List.of("segment=gold"), call.events("set:"));
    }

    @Test
    void hangupEndsTheCallCompleted() {
        RecordingCall call = new RecordingCall();
        Interaction i = run("  first: { hangup: {} }\n", call);
        assertTrue(call.events.contains("hangup"));
        assertEquals(Outcome.COMPLETED, i.outcome());
        assertTrue(call.variables.isEmpty());
    }

    @Test
    void gotoJumps() {
        Interaction i = run("""
                  first: { goto: second }
                  second: { hangup: {} }
                """, new RecordingCall());
        assertEquals("first>second", i.path());
    }

    @Test
    void smsQueuesTheTemplateForTheCallerOnceAndTheCallGoesOn() {
        String flow = """
                  first: { sms: { template: repay_link, vars: { link: "https://bank.example/repay" } }, next: bye }
                  bye: { hangup: {} }
                """;
        List<String> sent = new java.util.ArrayList<>();
        SmsSender sender = (phone, customerId, language, template, vars, key) -> {
            sent.add(phone + " " + customerId + " " + language + " " + template + " " + vars + " " + key);
            return null;
        };
        var customer = FakeCallers.customer("C1", "Chen Wei", Tier.STANDARD, "en");
        Caller chen = new Caller("+8613800138000", customer, Greeting.RETURNING, true, List.of(), "");
        FlowHarness h = new FlowHarness(dir).file("default.yaml", "start: first\nsteps:\n" + flow);
        RecordingCall call = new RecordingCall();
        h.runner(FakeCallers.Identifier.always(chen)).sms(sender).handle(call);
        assertEquals(List.of("+8613800138000 C1 en repay_link {link=https://bank.example/repay} " + call.id() + "/first"),
                sent);
        Interaction i = h.log.recorded.get(0);
        assertEquals("first>bye", i.path());
        assertTrue(i.choices().contains("first=sms:queued"), i.choices());

        // no number to send to, or SMS off: noted, and the call goes on
        Interaction withheld = run(flow, new RecordingCall());
        assertTrue(withheld.choices().contains("first=sms:off"), withheld.choices());
        FlowHarness h2 = new FlowHarness(dir);
        h2.runner(FakeCallers.Identifier.always(Caller.unknown(null, "withheld"))).sms(sender).handle(new RecordingCall());
        assertTrue(h2.log.recorded.get(0).choices().contains("first=sms:no_number"));
        assertEquals(1, sent.size());
    }

    @Test
    void smsTemplateNamesAreChecked() {
        var registry = new FlowHarness(dir).file("default.yaml", """
                start: first
                steps:
                  first: { sms: { template: "Repay Now!" }, next: bye }
                  bye: { hangup: {} }
                """).registry();
        String errors = String.join("\n", registry.lastReport().errors());
        assertTrue(errors.contains("default.yaml:3:") && errors.contains("template key"), errors);
    }
}
