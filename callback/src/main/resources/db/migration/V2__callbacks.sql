-- FrontDoor schema, version 2: callback requests (the virtual queue) and their attempts.
-- Portable SQL: runs on H2 2.x (embedded default) and PostgreSQL 15+.

create table callback_request (
    id            varchar(36)  not null primary key,
    customer_id   varchar(64),
    queue         varchar(64)  not null,
    phone         varchar(20)  not null,
    language      varchar(8)   not null,
    priority      integer      not null,
    -- the caller's place: when they first joined the queue
    arrived_at    timestamp(6) with time zone not null,
    -- earliest time to dial: arrival, the chosen time, or the next retry
    due_at        timestamp(6) with time zone not null,
    timed         boolean      not null,
    state         varchar(16)  not null,
    attempts      integer      not null,
    expires_at    timestamp(6) with time zone not null,
    created_at    timestamp(6) with time zone not null,
    updated_at    timestamp(6) with time zone not null,
    origin_call   varchar(100),
    requested_by  varchar(20),
    agent         varchar(200),
    closed_reason varchar(200),
    -- "customer|queue" while the request is open, null once closed: one open request per customer
    -- and queue (NULLs never collide in a unique index on H2 or PostgreSQL)
    open_key      varchar(140)
);
create unique index callback_request_open on callback_request (open_key);
-- the dispatcher reads due requests in batches by this index
create index callback_request_due on callback_request (state, due_at);
create index callback_request_customer on callback_request (customer_id, created_at);
create index callback_request_phone on callback_request (phone, created_at);
create index callback_request_requested_by on callback_request (requested_by, created_at);

create table callback_attempt (
    id          varchar(36)  not null primary key,
    request_id  varchar(36)  not null references callback_request (id),
    number      integer      not null,
    agent       varchar(200),
    started_at  timestamp(6) with time zone not null,
    ended_at    timestamp(6) with time zone,
    outcome     varchar(20),
    detail      varchar(500)
);
create unique index callback_attempt_number on callback_attempt (request_id, number);
