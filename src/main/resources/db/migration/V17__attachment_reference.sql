-- Files a source sends by reference (a URL on its own file server) instead of inline. The reference is
-- recorded with the dispute, in the same transaction, as REFERENCED: the intake does not wait on the
-- source's file server. A fetcher then downloads it through the same checks as every other file and
-- the row becomes ATTACHED with its bytes, or FAILED with the reason after the last attempt or at once
-- when the file is refused. Until then the row has no bytes, type, size or hash.
alter table attachment alter column sha256 drop not null;
alter table attachment alter column content_type drop not null;
alter table attachment alter column size_bytes drop not null;
alter table attachment alter column content drop not null;
alter table attachment add column source_url varchar(2048);
alter table attachment add column attempts integer default 0 not null;
alter table attachment add column next_attempt_at timestamp with time zone;
alter table attachment add column failure varchar(500);
-- The fetcher's work list: references due for an attempt, oldest first.
create index ix_attachment_fetch on attachment (state, next_attempt_at);
