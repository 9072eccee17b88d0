package io.frontdoor.callback.dispatch;

import java.util.function.Consumer;

/**
 * Places outbound calls for callbacks (Asterisk AMI Originate, FreeSWITCH originate, SIP UAC).
 * An answered call runs FrontDoor's callback flow, which finds its request and attempt by the
 * ids carried on the call.
 */
public interface Dialer {

    /**
     * Starts dialling and returns at once. {@code onResult} is told exactly once, on any thread,
     * how dialling ended: answered (the callback flow now runs on the call), or why not.
     *
     * @throws DialerUnavailableException when the switch cannot be reached now (nothing was dialled)
     */
    void dial(DialRequest request, Consumer<DialResult> onResult);
}
