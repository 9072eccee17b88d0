package io.frontdoor.ivr.e2e.parity;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A switch driving FrontDoor as a caller would, seen the same way whatever the switch: the
 * Asterisk peers (FastAGI) or the FreeSWITCH peer (outbound ESL). Scenarios are written once
 * against this and run against every switch, so parity is checked, not assumed.
 */
interface SwitchPeer {
    Duration CALL_LIMIT = Duration.ofSeconds(20);

    /** {@code asterisk} or {@code freeswitch}. */
    String name();

    /** Places one inbound call and waits until FrontDoor is done with it. */
    Result call(Caller caller) throws InterruptedException;

    /**
     * One caller.
     *
     * @param number            caller ID, or null when withheld
     * @param dialled           the number dialled
     * @param entryPoint        Asterisk context / FreeSWITCH dialplan context
     * @param flow              the flow the switch asks for, or null
     * @param variables         channel variables set before FrontDoor gets the call
     * @param keys              DTMF pressed, one entry per media command (see the peers)
     * @param hangupDuringMedia the caller hangs up while the n-th media command runs (0 = never)
     */
    record Caller(String number, String dialled, String entryPoint, String flow, Map<String, String> variables,
            List<String> keys, int hangupDuringMedia) {
        static Caller from(String number) {
            return new Caller(number, "100", "from-trunk", null, Map.of(), List.of(), 0);
        }

        Caller keys(String... presses) {
            return new Caller(number, dialled, entryPoint, flow, variables, List.of(presses), hangupDuringMedia);
        }

        Caller dialled(String value) {
            return new Caller(number, value, entryPoint, flow, variables, keys, hangupDuringMedia);
        }

        Caller entryPoint(String value) {
            return new Caller(number, dialled, value, flow, variables, keys, hangupDuringMedia);
        }

        Caller flow(String value) {
            return new Caller(number, dialled, entryPoint, value, variables, keys, hangupDuringMedia);
        }

        Caller variables(Map<String, String> value) {
            return new Caller(number, dialled, entryPoint, flow, value, keys, hangupDuringMedia);
        }

        Caller hangupDuringMedia(int n) {
            return new Caller(number, dialled, entryPoint, flow, variables, keys, n);
        }
    }

    /**
     * What the switch saw.
     *
     * @param callId    the call's id on the switch (the interaction's ref)
     * @param media     media commands in order, neutral: {@code play <file>} or {@code get <file>}
     * @param variables channel variables FrontDoor set
     * @param hungUp    whether FrontDoor hung the call up (rather than handing it back)
     * @param closedByFrontDoor whether FrontDoor closed the connection itself
     */
    record Result(String callId, List<String> media, Map<String, String> variables, boolean hungUp,
            boolean closedByFrontDoor) {
    }
}
