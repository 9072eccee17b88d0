package io.frontdoor.callback.dispatch;

/**
 * Pushes a customer's data to the agent desktop when a callback is connected to an agent. Delivery
 * is asynchronous: {@link #push} returns at once and never throws for a desktop that is down
 * (implementations retry and log).
 */
public interface ScreenPop {

    void push(ScreenPopData data);

    /** A screen pop that goes nowhere (no desktop URL configured). */
    ScreenPop NONE = data -> { };
}
