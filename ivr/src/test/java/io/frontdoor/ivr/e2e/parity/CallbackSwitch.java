package io.frontdoor.ivr.e2e.parity;

import io.frontdoor.ivr.server.FrontDoorServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A switch as the callback story sees it: agents, reservations, outbound calls and the answered
 * callback call, the same whatever the switch (Asterisk: AMI + FastAGI; FreeSWITCH: inbound ESL
 * with mod_callcenter + outbound ESL).
 */
interface CallbackSwitch extends AutoCloseable {
    Duration WAIT = Duration.ofSeconds(10);

    /** How an outbound call ends: answered (the customer keys {@code keys}), or a failure. */
    enum Result { ANSWER, NO_ANSWER, BUSY }

    /** One outbound call as dialled: who, and the channel variables it carries. */
    record Dial(String destination, Map<String, String> variables) {
    }

    String name();

    /** The settings that point FrontDoor's callbacks at this switch. */
    Map<String, String> env() throws Exception;

    /** FrontDoor is up: the switch's callers can now reach it. */
    void started(FrontDoorServer server);

    /** The switch's inbound callers. */
    SwitchPeer callers();

    /** The one agent of queue {@code vip}, as a callback is bridged to it. */
    String agentId();

    /** The agent is on a call (not free) or not. */
    void agentBusy(boolean busy);

    /** How the next outbound calls end; when none is left, a call is answered and keys {@code 1}. */
    void script(Result... results);

    /** Keys the customer presses on the next answered callback call. */
    void answerKeys(String... keys);

    /** Waits for the n-th outbound call (1-based). */
    Dial awaitDial(int n) throws InterruptedException;

    int dials();

    /** Runs (or waits for) the answered callback call of dial {@code n} and returns what the switch saw. */
    SwitchPeer.Result answered(int n) throws InterruptedException;

    /** Reservations in order: true = reserved (paused, on break), false = released. */
    List<Boolean> reservations();

    /** Whether the first reservation reached the switch before the first outbound call. */
    boolean reservedBeforeDialling();
}
