package io.frontdoor.ivr.caller;

import io.frontdoor.ivr.call.Audio;
import io.frontdoor.ivr.call.Call;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The least Call there is: caller number, entry point and channel variables. */
final class StubCall implements Call {
    final String caller;
    final String entry;
    final Map<String, String> variables = new HashMap<>();

    StubCall(String caller, String entry) {
        this.caller = caller;
        this.entry = entry;
    }

    @Override public String id() { return "stub-1"; }
    @Override public String callerNumber() { return caller; }
    @Override public String dialledNumber() { return "100"; }
    @Override public String entryPoint() { return entry; }
    @Override public String requestedFlow() { return null; }
    @Override public Map<String, String> attributes() { return Map.of(); }
    @Override public void answer() { }
    @Override public String play(Audio audio, String interruptDigits) { return ""; }
    @Override public String collectDigits(Audio prompt, int maxDigits, Duration timeout) { return ""; }
    @Override public void setVariable(String name, String value) { variables.put(name, value); }
    @Override public String variable(String name) { return variables.get(name); }
    @Override public void handOffToQueue(String queue, int priority) { }
    @Override public void transfer(String target) { }
    @Override public void hangup() { }
    @Override public boolean isActive() { return true; }
}
