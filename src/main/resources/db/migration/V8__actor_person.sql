-- The person who acted (the signed-in member of staff, or the person a township's system names on its
-- event), beside actor, the handler or system they acted for. Null for the gateway's own acts and
-- for history written before it was recorded.
alter table dispute_history add column actor_person varchar(64);
