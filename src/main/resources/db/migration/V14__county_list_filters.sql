-- The county centre's list at county scale (a million disputes): the township, category, source and
-- status filters each read their own range of the county, newest first, for the page and for its
-- count. With the county's index alone, a filter that few disputes match was counted by reading every
-- dispute of the county (BENCHMARKS.md, "The console at county scale"). The status's index carries the
-- township and the deadline too: a township's disputes in a status, and the overdue ones, are tested
-- in the index, where PostgreSQL otherwise intersected the township's whole range with the status's,
-- or read every open dispute's row for its deadline.
create index ix_dispute_county_township on dispute (county_code, township_code, received_at);
create index ix_dispute_county_status on dispute (county_code, status, received_at, township_code, due_at);
create index ix_dispute_county_category on dispute (county_code, category_code, received_at);
create index ix_dispute_county_source on dispute (county_code, source_system, received_at);
-- Search by the source's record number, whichever the source: the unique index leads with the source.
create index ix_dispute_source_record on dispute (source_record_id);
-- The city centre's list: every county's disputes, newest first.
create index ix_dispute_received on dispute (received_at);
