-- The county centre's list: a county's disputes, newest first, read a page at a time.
create index ix_dispute_county_received on dispute (county_code, received_at);
-- The extension requests that wait for a centre's decision.
create index ix_extension_waiting on extension_request (decision, requested_at);
