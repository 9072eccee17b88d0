package io.frontdoor.ivr.call;

import java.time.Duration;
import java.util.Map;

/**
 * One live telephone call, as a flow sees it. Every switch adapter (Asterisk FastAGI, FreeSWITCH
 * ESL, embedded SIP) implements this; flows never see a protocol type.
 *
 * <p>Every blocking method throws {@link CallHangupException} once the caller has hung up, and
 * {@link CallFailedException} when the switch refuses a command. Implementations are used by one
 * thread at a time (the call's own virtual thread).
 */
public interface Call {

    /** Unique id of the call on its switch (Asterisk uniqueid, FreeSWITCH UUID, SIP Call-ID). */
    String id();

    /** Caller ID number exactly as the switch delivered it, or {@code null} when withheld or absent. */
    String callerNumber();

    /** The number dialled (DNIS) as delivered, or {@code null} when the switch did not say. */
    String dialledNumber();

    /**
     * Where the call entered the switch (Asterisk context, FreeSWITCH dialplan context, SIP trunk
     * name): the caller-ID trust policy is set per entry point.
     */
    String entryPoint();

    /**
     * Name of the flow the switch asked for (the FastAGI script name), or {@code null} when the
     * dialled number alone should choose it.
     */
    String requestedFlow();

    /** Adapter facts worth keeping (channel name, switch version); read-only. */
    Map<String, String> attributes();

    /** Answers the call if it is not answered yet. */
    void answer();

    /**
     * Plays audio; a caller keying one of {@code interruptDigits} stops it.
     *
     * @return the digit that stopped playback, or the empty string when it played to the end
     */
    String play(Audio audio, String interruptDigits);

    /**
     * Plays a prompt (may be {@code null} for none) and collects up to {@code maxDigits} DTMF
     * digits; {@code #} ends input early and is not returned.
     *
     * @return the digits keyed, possibly empty when the caller keyed nothing before the timeout
     */
    String collectDigits(Audio prompt, int maxDigits, Duration timeout);

    /**
     * Plays a prompt (may be {@code null}) and listens for keys and, when {@code how.speech()} is
     * set and the adapter can capture caller audio, for speech: whichever comes first. Adapters
     * that hear the caller while playing (embedded SIP, FreeSWITCH) stop the prompt when the caller
     * starts speaking if {@code how.bargeIn()}; the others listen after the prompt.
     *
     * <p>The default collects keys only: adapters that capture audio override it and say so with
     * {@link #hearsSpeech()}.
     */
    default Heard listen(Audio prompt, Listening how) {
        String digits = collectDigits(prompt, how.maxDigits(), how.noInput());
        return digits.isEmpty() ? Heard.nothing() : Heard.keyed(digits);
    }

    /** Whether {@link #listen} can capture speech on this call. */
    default boolean hearsSpeech() {
        return false;
    }

    /** Sets a variable on the switch's channel, for the admin's dialplan to read after the flow. */
    void setVariable(String name, String value);

    /** Reads a channel variable, or {@code null} when unset. */
    String variable(String name);

    /**
     * Ends FrontDoor's control of the call and gives it back to the switch to hand to an agent
     * queue (the switch's own queue application does the queueing).
     */
    void handOffToQueue(String queue, int priority);

    /** Ends FrontDoor's control of the call and gives it back to the switch to connect to a target. */
    void transfer(String target);

    /** Hangs up. Safe to call when the caller already hung up. */
    void hangup();

    /** Whether the caller is still on the line, as far as the adapter knows. */
    boolean isActive();
}
