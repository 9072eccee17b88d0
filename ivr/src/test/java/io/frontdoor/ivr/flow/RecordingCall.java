package io.frontdoor.ivr.flow;

import io.frontdoor.ivr.call.Audio;
import io.frontdoor.ivr.call.Call;
import io.frontdoor.ivr.call.CallFailedException;
import io.frontdoor.ivr.call.CallHangupException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake {@link Call} for flow tests: digits are scripted per {@code collectDigits}, every
 * operation is recorded as text ("play:en/menu.main", "set:FRONTDOOR_TIER=VIP", "queue:vip/10"),
 * and the caller can be made to hang up at the Nth operation.
 */
final class RecordingCall implements Call {
    final List<String> events = new ArrayList<>();
    final Map<String, String> variables = new LinkedHashMap<>();
    private final Deque<String> digits = new ArrayDeque<>();
    private final Deque<io.frontdoor.ivr.call.Heard> heard = new ArrayDeque<>();
    private boolean speech;
    private String id = "call-1";
    private String callerNumber = "+8613800138000";
    private String dialled = "4001234567";
    private String requestedFlow;
    private String entry = "from-trunk";
    private String afterScript = "";
    private int hangUpAt = -1;
    private String failOn;
    private int operations;
    private boolean hungUp;

    RecordingCall dialled(String number) { this.dialled = number; return this; }
    RecordingCall requestedFlow(String flow) { this.requestedFlow = flow; return this; }
    RecordingCall callerNumber(String number) { this.callerNumber = number; return this; }
    RecordingCall id(String callId) { this.id = callId; return this; }

    /** Digits returned by successive collectDigits calls ("" = caller keyed nothing). */
    RecordingCall digits(String... keyed) {
        digits.addAll(List.of(keyed));
        return this;
    }

    /**
     * What successive listens for keys or speech hear ({@code Heard.said(...)}, {@code Heard.keyed("1")},
     * {@code Heard.nothing()}); the call then hears speech. Listens beyond the script hear nothing.
     */
    RecordingCall hears(io.frontdoor.ivr.call.Heard... answers) {
        speech = true;
        heard.addAll(List.of(answers));
        return this;
    }

    /** Digits returned once the script is used up. */
    RecordingCall thenAlways(String keyed) {
        this.afterScript = keyed;
        return this;
    }

    /** The caller hangs up when the flow attempts its Nth operation (1-based; answer is 1). */
    RecordingCall hangUpAtOperation(int n) {
        this.hangUpAt = n;
        return this;
    }

    /** The switch refuses every operation whose event starts with {@code prefix}. */
    RecordingCall failOn(String prefix) {
        this.failOn = prefix;
        return this;
    }

    private void op(String event) {
        operations++;
        if (failOn != null && event.startsWith(failOn)) {
            events.add("FAILED " + event);
            throw new CallFailedException("no such channel");
        }
        if (hungUp || operations == hangUpAt) {
            hungUp = true;
            events.add("HUNGUP during " + event);
            throw new CallHangupException("caller hung up");
        }
        events.add(event);
    }

    /** Events of one kind, prefix stripped: {@code played("play:")}. */
    List<String> events(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).map(e -> e.substring(prefix.length())).toList();
    }

    @Override public String id() { return id; }
    @Override public String callerNumber() { return callerNumber; }
    @Override public String dialledNumber() { return dialled; }
    @Override public String entryPoint() { return entry; }
    @Override public String requestedFlow() { return requestedFlow; }
    @Override public Map<String, String> attributes() { return Map.of(); }
    @Override public void answer() { op("answer"); }

    @Override
    public String play(Audio audio, String interruptDigits) {
        op("play:" + audio.switchPath());
        return "";
    }

    @Override
    public boolean hearsSpeech() {
        return speech;
    }

    @Override
    public io.frontdoor.ivr.call.Heard listen(Audio prompt, io.frontdoor.ivr.call.Listening how) {
        if (!how.speech()) {
            return Call.super.listen(prompt, how);
        }
        op("listen:" + (prompt == null ? "-" : prompt.switchPath()));
        return heard.isEmpty() ? io.frontdoor.ivr.call.Heard.nothing() : heard.pop();
    }

    @Override
    public String collectDigits(Audio prompt, int maxDigits, Duration timeout) {
        op("collect:" + (prompt == null ? "-" : prompt.switchPath()));
        return digits.isEmpty() ? afterScript : digits.pop();
    }

    @Override
    public void setVariable(String name, String value) {
        op("set:" + name + "=" + value);
        variables.put(name, value);
    }

    @Override public String variable(String name) { return variables.get(name); }
    @Override public void handOffToQueue(String queue, int priority) { op("queue:" + queue + "/" + priority); }
    @Override public void transfer(String target) { op("transfer:" + target); }

    @Override
    public void hangup() {
        events.add("hangup");
        hungUp = true;
    }

    @Override public boolean isActive() { return !hungUp; }
}
