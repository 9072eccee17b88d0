package io.frontdoor.callback.store;

import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Agents' ready / not-ready state in the database ({@code agent_state}), so that an agent on a
 * break is still on it after a restart. One row per agent id; an agent never set has no row.
 */
public final class AgentStateStore {
    private final DataSource dataSource;
    private final Clock clock;

    public AgentStateStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Every agent's last state, by id. */
    public Map<String, Boolean> load() {
        try {
            Map<String, Boolean> out = new LinkedHashMap<>();
            Jdbc.read(dataSource, c -> Jdbc.many(c, rs -> out.put(rs.getString(1), rs.getBoolean(2)),
                    "select agent_id, ready from agent_state order by agent_id"));
            return out;
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot read the agents' state: " + e.getMessage(), e);
        }
    }

    /** Stores agent {@code id}'s state and why it was set. */
    public void save(String id, boolean ready, String reason) {
        var at = Jdbc.ts(clock.instant());
        String why = Jdbc.clip(reason, 200);
        for (int attempt = 0; ; attempt++) {
            try {
                Jdbc.inTransaction(dataSource, c -> {
                    if (Jdbc.update(c, "update agent_state set ready = ?, reason = ?, updated_at = ? where agent_id = ?",
                            ready, why, at, id) == 0) {
                        Jdbc.update(c, "insert into agent_state (agent_id, ready, reason, updated_at) values (?, ?, ?, ?)",
                                id, ready, why, at);
                    }
                    return null;
                });
                return;
            } catch (SQLException e) {
                if (attempt >= 1) { // a second try covers two first saves of one agent racing to insert
                    throw new StoreUnavailableException("cannot store agent " + id + "'s state: " + e.getMessage(), e);
                }
            }
        }
    }
}
