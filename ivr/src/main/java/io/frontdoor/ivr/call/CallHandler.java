package io.frontdoor.ivr.call;

/**
 * What an adapter hands each new inbound call to. The adapter calls it on the call's own virtual
 * thread and tidies the connection up (closing it, releasing the channel) when it returns or
 * throws.
 */
@FunctionalInterface
public interface CallHandler {

    /** Runs the front door on one call; returns when FrontDoor is done with it. */
    void handle(Call call);
}
