-- FrontDoor schema, version 5: whether each agent of the embedded SIP endpoint is ready or not
-- ready (on a break, or set not ready for not answering), so that the state survives a restart.
-- Portable SQL: runs on H2 2.x (embedded default) and PostgreSQL 15+.

create table agent_state (
    -- the agent's id as in sip.agents (queue/id)
    agent_id   varchar(64)  not null primary key,
    ready      boolean      not null,
    -- why it was last set: "admin API", "did not answer: 480 Temporarily Unavailable", ...
    reason     varchar(200),
    updated_at timestamp(6) with time zone not null
);
