-- Where the chat is (issue 14): a region id from content/regions.yaml, or 'other'; NULL
-- while the person has not chosen one. Kept like the time zone: /mydata shows it,
-- /forget deletes the row.
ALTER TABLE subscriptions ADD COLUMN region TEXT;
