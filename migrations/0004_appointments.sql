-- The next appointment of a chat (issue 16): when it is, when to send the saved questions
-- (the day before) and when to ask "did you get your answers?" (after it). Each of the
-- two is claimed once before it is sent, so a restart or two runs never send it twice.
-- /mydata shows it; /forget deletes it.
CREATE TABLE appointments (
    chat_id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    remind_at TEXT NOT NULL,
    reminded INTEGER NOT NULL DEFAULT 0,
    ask_at TEXT NOT NULL,
    asked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX appointments_due ON appointments (remind_at, ask_at);
