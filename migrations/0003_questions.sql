-- A person's own questions for their care team (issue 16), saved only when they tap
-- "Add to my questions" or send /questions add. The text is encrypted (Fernet, with
-- BOT_DATA_KEY) before it reaches this table: the database file holds no question in
-- plain text. /mydata counts them; /forget deletes them with the rest of the chat.
CREATE TABLE questions (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    body BLOB NOT NULL
);
CREATE INDEX questions_by_chat ON questions (chat_id, id);
