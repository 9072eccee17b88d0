package io.frontdoor.ivr.sip;

import java.util.Map;

/** Where the SIP agents' ready / not-ready state is kept across restarts (the database in the server). */
public interface AgentReadyStore {
    /** Every agent's last state, by id (agents never set are absent). */
    Map<String, Boolean> load();

    /** Agent {@code id} is now ready or not, for {@code reason}. May throw when the store is down. */
    void save(String id, boolean ready, String reason);

    /** Nothing kept: every agent starts ready. */
    AgentReadyStore MEMORY = new AgentReadyStore() {
        @Override
        public Map<String, Boolean> load() {
            return Map.of();
        }

        @Override
        public void save(String id, boolean ready, String reason) {
        }
    };
}
