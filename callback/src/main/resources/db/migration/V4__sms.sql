-- FrontDoor schema, version 4: the SMS outbox (and inbound messages), opt-outs, one-time codes.
-- Portable SQL: runs on H2 2.x (embedded default) and PostgreSQL 15+.

create table sms_message (
    id              varchar(36)   not null primary key,
    -- OUT (sent by FrontDoor) or IN (received from a customer)
    direction       varchar(3)    not null,
    customer_id     varchar(64),
    -- the customer's number, E.164 (recipient of OUT, sender of IN)
    phone           varchar(20)   not null,
    text            varchar(2000) not null,
    template        varchar(100),
    language        varchar(8),
    -- OUT: QUEUED, SENDING, SENT, DELIVERED, FAILED, EXPIRED, SUPPRESSED; IN: RECEIVED
    state           varchar(12)   not null,
    -- sent even to a number that opted out (replies to the customer's own commands, one-time codes)
    essential       boolean       not null,
    -- the text is blanked once it is no longer needed (one-time codes)
    sensitive       boolean       not null,
    attempts        integer       not null,
    next_attempt_at timestamp(6) with time zone not null,
    -- the SMSC's ids of the parts, comma-separated
    smsc_ids        varchar(1000),
    -- same key, same message: enqueue is idempotent (IN: "in:" + the SMSC's id)
    dedupe_key      varchar(200),
    error           varchar(500),
    created_at      timestamp(6) with time zone not null,
    updated_at      timestamp(6) with time zone not null
);
create unique index sms_message_dedupe on sms_message (dedupe_key);
-- the sender claims due messages by this index
create index sms_message_due on sms_message (state, next_attempt_at);
create index sms_message_phone on sms_message (phone, created_at);
create index sms_message_created on sms_message (created_at);

-- one row per submitted part: receipts are matched by the SMSC's id; a receipt may come before the
-- submit returns, then the row is written first with no message and joined when the submit returns
create table sms_part (
    smsc_id     varchar(100) not null primary key,
    message_id  varchar(36),
    -- null until a receipt came: DELIVERED, EXPIRED, DELETED, UNDELIVERABLE, REJECTED, UNKNOWN
    state       varchar(16),
    error       varchar(100),
    receipt_at  timestamp(6) with time zone
);
create index sms_part_message on sms_part (message_id);

create table sms_opt_out (
    phone varchar(20) not null primary key,
    at    timestamp(6) with time zone not null
);

create table sms_otp (
    id           varchar(36)  not null primary key,
    phone        varchar(20)  not null,
    purpose      varchar(40)  not null,
    customer_id  varchar(64),
    salt         varchar(44)  not null,
    code_hash    varchar(64)  not null,
    created_at   timestamp(6) with time zone not null,
    expires_at   timestamp(6) with time zone not null,
    attempts     integer      not null,
    max_attempts integer      not null,
    -- when it was used or replaced by a newer code: a code works once
    closed_at    timestamp(6) with time zone,
    message_id   varchar(36)
);
create index sms_otp_phone on sms_otp (phone, purpose, created_at);
