package io.frontdoor.callback.customer;

import java.util.List;

/**
 * Every customer's interaction timeline: calls, callbacks and SMS in one place, so each channel
 * sees what the others did.
 */
public interface InteractionLog {

    /**
     * Stores one interaction durably.
     *
     * @throws io.frontdoor.callback.store.StoreUnavailableException when the database cannot take it
     */
    void record(Interaction interaction);

    /**
     * Stores several interactions durably; a store that can should do it in one transaction (one
     * disk write). An entry already stored is a replay and is skipped.
     */
    default void recordAll(List<Interaction> interactions) {
        interactions.forEach(this::record);
    }

    /** Interactions matching the query, newest first. */
    List<Interaction> find(InteractionQuery query);
}
