-- The nonces of signed source requests seen within the replay window (security.SourceAuthentication):
-- kept in the ledger so that a replay is refused after a restart and by every instance on the ledger.
-- nonce_key is 64 bits of SHA-256 over source and nonce, not the nonce itself. The primary key decides
-- which of two requests with one nonce was first; rows whose expires_at has passed (the timestamp
-- check refuses such a request anyway) are deleted in batches, oldest first, by the expiry index.
create table seen_nonce (
    source_system  varchar(32) not null,
    nonce_key      bigint      not null,
    expires_at     timestamp with time zone not null,
    primary key (source_system, nonce_key)
);
create index ix_seen_nonce_expiry on seen_nonce (expires_at);
