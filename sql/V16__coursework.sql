-- Coursework: a quiz submit retried with the same attempt key returns the first result.
alter table quiz_attempt add column attempt_key text;
create unique index quiz_attempt_key on quiz_attempt(selection_id, attempt_key)
  where attempt_key is not null;

-- Lead corrections are idempotent per request key (a double click records one entry).
create index credit_entry_selection on credit_entry(selection_id) where selection_id is not null;
