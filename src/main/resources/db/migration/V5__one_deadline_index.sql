-- The deadline had two indexes: (status, handler_id, due_at) for the open and overdue gauges and
-- (status, due_at) for supervision. One index with the columns in this order serves both: supervision
-- reads one range per open status (status = ? and due_at <= ?, in due_at order), and the gauges find
-- handler_id and due_at in its entries without reading the rows. Every new dispute and every status
-- change writes one index fewer (on the embedded ledger about 7 % fewer bytes per case,
-- BENCHMARKS.md).
drop index ix_dispute_open_due;
drop index ix_dispute_status_due;
create index ix_dispute_status_due on dispute (status, due_at, handler_id);
