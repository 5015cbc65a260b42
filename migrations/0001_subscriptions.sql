-- Daily tips: the least we need to keep a promise of one tip a day.
-- Times are UTC, written 'YYYY-MM-DDTHH:MM:SSZ' so that text order is time order.

CREATE TABLE subscriptions (
    chat_id        INTEGER PRIMARY KEY,
    chat_type      TEXT    NOT NULL,
    time_zone      TEXT    NOT NULL DEFAULT 'UTC',
    send_time      TEXT    NOT NULL DEFAULT '09:00',   -- local wall-clock time, HH:MM
    subscribed     INTEGER NOT NULL DEFAULT 0 CHECK (subscribed IN (0, 1)),
    subscribed_at  TEXT,
    paused_until   TEXT,
    next_due       TEXT                                -- set only while subscribed
);

-- The due query reads only rows that are due, so its cost follows the number due.
CREATE INDEX subscriptions_next_due ON subscriptions (next_due) WHERE next_due IS NOT NULL;

-- Tips this chat has had in the current round of the rotation.
CREATE TABLE tips_seen (
    chat_id  INTEGER NOT NULL REFERENCES subscriptions (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    tip_id   TEXT    NOT NULL,
    PRIMARY KEY (chat_id, tip_id)
) WITHOUT ROWID;

-- One row per chat per local day: claimed before the send, marked after, so a tip goes
-- out once per day however often the delivery runs.
CREATE TABLE deliveries (
    chat_id     INTEGER NOT NULL REFERENCES subscriptions (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    local_date  TEXT    NOT NULL,
    tip_id      TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('claimed', 'sent', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 1,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (chat_id, local_date)
) WITHOUT ROWID;
