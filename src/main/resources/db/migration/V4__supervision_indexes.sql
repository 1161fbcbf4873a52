-- Supervision looks, every gateway.supervision.interval, for open disputes whose reminder, deadline
-- or escalation time has passed. With an index on the time alone, every past dispute (closed ones
-- keep their times) matches the range; and H2 preferred the (status, handler_id, due_at) index for
-- "status in (...)", then read every open dispute's row, document and all, three times a minute.
-- Status first, then the time: one short range per open status (SupervisionLedger asks per status).
drop index ix_dispute_remind;
drop index ix_dispute_escalate;
drop index ix_dispute_due;
create index ix_dispute_status_remind on dispute (status, remind_at);
create index ix_dispute_status_due on dispute (status, due_at);
create index ix_dispute_status_escalate on dispute (status, escalate_at);
