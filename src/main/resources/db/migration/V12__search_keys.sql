-- What the county centre searches its disputes by, none of it in clear (ledger.SearchKeys): keyed
-- hashes (HMAC under gateway.pii.index-key) of each party's ID number, phone number and name.
create table dispute_search_key (
    dispute_id  varchar(32) not null references dispute (dispute_id),
    kind        varchar(8)  not null,
    key_hash    varchar(64) not null,
    primary key (dispute_id, kind, key_hash)
);
create index ix_search_key_lookup on dispute_search_key (kind, key_hash);

-- The keyed hashes of the address's character pairs, cut to 6 hex characters, space-separated with a
-- space at each end: a search text's pairs must all be there. A column, not rows: dozens of pairs per
-- dispute would be dozens of rows written at every intake, for a search the centre makes now and then.
alter table dispute add column address_keys varchar(1000);

-- The rule dispute_search_key and address_keys were made by (ledger.SearchKeys.VERSION); 0 for the
-- disputes recorded before they existed, which ledger.SearchKeyBackfill keys.
alter table dispute add column search_keys_version integer default 0 not null;
create index ix_dispute_search_keys_version on dispute (search_keys_version, dispute_id);

-- The risk marks the centre filters by (GROUP, HIGH, REPEAT): a row per mark; most disputes have none.
create table dispute_risk_mark (
    dispute_id  varchar(32) not null references dispute (dispute_id),
    mark        varchar(8)  not null,
    primary key (dispute_id, mark)
);
create index ix_risk_mark_lookup on dispute_risk_mark (mark, dispute_id);
