-- The ledger gauges (open and overdue per handler, mediation success) are read every
-- gateway.metrics.refresh-interval. These indexes hold every column those two queries read, so
-- each refresh reads index entries only, not the dispute rows with their documents: its cost stays
-- small as the ledger grows.
create index ix_dispute_open_due on dispute (status, handler_id, due_at);
create index ix_dispute_source_outcome on dispute (source_system, status, outcome);
