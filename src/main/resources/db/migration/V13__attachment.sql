-- Attachments (recordings, photos, agreement scans) of a dispute. The bytes are written in a durable
-- transaction of their own before the act or intake that refers to them is accepted; that act marks
-- them ATTACHED in its own unit of work and its record carries only the reference (id, sha256), never
-- the bytes. A row still PENDING after gateway.attachments.orphan-grace belongs to an act that was
-- refused or never came, and is swept. No foreign key to dispute: a source's attachment is stored
-- before its dispute exists.
create table attachment (
    attachment_id  varchar(40)   primary key,
    dispute_id     varchar(32),
    state          varchar(16)   not null,
    sha256         varchar(64)   not null,
    content_type   varchar(100)  not null,
    size_bytes     bigint        not null,
    file_name      varchar(255)  not null,
    uploaded_by    varchar(48)   not null,
    person         varchar(64),
    created_at     timestamp with time zone not null,
    attached_at    timestamp with time zone,
    content        bytea         not null
);
create index ix_attachment_dispute on attachment (dispute_id, created_at);
create index ix_attachment_pending on attachment (state, created_at);
