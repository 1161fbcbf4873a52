-- The mediation success gauge counts every source's closed disputes in one query (status = 'CLOSED',
-- grouped by source): with status first, that is one range of this index, as long as there are
-- closed disputes, instead of every dispute's entry of (source_system, status, outcome), which served
-- one named source only.
drop index ix_dispute_source_outcome;
create index ix_dispute_closed_outcome on dispute (status, source_system, outcome);
