package io.frontdoor.callback.dispatch;

import java.util.List;

/**
 * Who is free to take a callback, per queue, as the switch reports it (Asterisk queue members over
 * AMI, FreeSWITCH mod_callcenter agents over ESL). State is synchronised when the connection is
 * made and kept current by events; after a reconnect it is synchronised again.
 *
 * <p>Implementations call {@link Listener#agentFree} on their own event thread as soon as an agent
 * becomes free (call ended, unpaused, logged in, or found free at a (re)synchronisation): the
 * dispatcher acts on that, there is no polling.
 */
public interface AgentPresence {

    /** Told when an agent may take a call. Must return quickly. */
    @FunctionalInterface
    interface Listener {
        void agentFree(Agent agent);
    }

    /** Adds a listener (the dispatcher). */
    void addListener(Listener listener);

    /** Agents of {@code queue} that are logged in, not paused and not in a call right now. */
    List<Agent> freeAgents(String queue);

    /**
     * Reserves a free agent for a callback: pauses them on the switch so no queue offers them a
     * call, with {@code reason} as the pause reason.
     *
     * @return false when the agent is no longer free or the switch refused (nothing reserved)
     */
    boolean reserve(Agent agent, String reason);

    /** Ends a reservation (unpauses the agent). Safe to call for an agent not reserved. */
    void release(Agent agent);

    /**
     * Callers waiting on the line in a switch queue, as known from events (no round trip to the
     * switch): what the dispatcher checks so a callback never overtakes an earlier live caller.
     */
    List<QueueFigures.LiveCaller> liveCallers(String queue);

    /** Live figures of a switch queue; {@link QueueFigures#unknown} when the switch cannot say. */
    QueueFigures figures(String queue);

    /** Whether the switch connection is up and state is synchronised. */
    boolean isConnected();
}
