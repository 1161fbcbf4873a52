-- The county centre's list: a county's disputes, newest first, read a page at a time.
create index ix_dispute_county_received on dispute (county_code, received_at);
