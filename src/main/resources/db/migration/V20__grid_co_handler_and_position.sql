-- Notices owed to the co-handlers a new dispute names at intake (the grid's handler, 网格员): written
-- in the dispute's own transaction, so none is lost between the commit and the broker; sent by
-- supervision.CoHandlerNotices and marked sent once the broker has taken them.
create table co_handler_notice (
    dispute_id  varchar(32)  not null references dispute (dispute_id),
    handler_id  varchar(48)  not null,
    created_at  timestamp with time zone not null,
    sent_at     timestamp with time zone,
    primary key (dispute_id, handler_id)
);
create index ix_co_handler_notice_unsent on co_handler_notice (sent_at, created_at);

-- A point to its nearest standard address (jurisdiction.standard.StandardAddressCoordinates): a box
-- around the point read by this index (a latitude band, longitudes checked within it), then the exact
-- distance in Java. Plain B-tree, so that H2 and PostgreSQL without PostGIS do it alike.
create index ix_std_address_position on std_address (generation, latitude, longitude);
