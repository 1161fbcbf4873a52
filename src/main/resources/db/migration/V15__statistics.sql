-- County statistics. One row per dispute with the dimensions and the facts its figures need, kept by
-- one catch-up step that follows dispute_history by id (statistics.FactsCatchUp): intake writes
-- nothing here, so taking a case in costs what it did. Flags are 0 or 1 so a figure is a sum.
create table statistics_fact (
    dispute_id            varchar(32)  not null primary key,
    county_code           varchar(6),
    city_code             varchar(4),
    township_code         varchar(9),
    category_code         varchar(32)  not null,
    source_system         varchar(32)  not null,
    handler_id            varchar(48)  not null,
    received_at           timestamp with time zone not null,
    -- The received date and month in Asia/Shanghai: what a date range and the month breakdown select.
    received_on           date         not null,
    received_month        varchar(7)   not null,
    dispatched            smallint     not null,
    signed                smallint     not null,
    signed_on_time        smallint     not null,
    -- The signing deadline of the assignment first signed, kept once known (a later reassignment
    -- has its own, which must not change the first signing's verdict).
    sign_by               timestamp with time zone,
    resolved              smallint     not null,
    resolved_on_time      smallint     not null,
    mediation_concluded   smallint     not null,
    mediated              smallint     not null,
    returned              smallint     not null,
    extended              smallint     not null,
    escalated             smallint     not null,
    reopened              smallint     not null,
    evaluated             smallint     not null,
    satisfied             smallint     not null,
    handling_hours        double precision,
    court_case            smallint     not null,
    court_pre_litigation  smallint     not null,
    petition              smallint     not null,
    repeat_petition       smallint     not null,
    updated_at            timestamp with time zone not null
);
-- A county's (a city's) disputes received in a date range; the handling time rides along so the
-- p90 of a range reads the index alone.
create index ix_fact_county_received on statistics_fact (county_code, received_on, handling_hours);
create index ix_fact_city_received on statistics_fact (city_code, received_on, handling_hours);

-- How far the catch-up has read dispute_history: every entry up to last_history_id is in the facts.
create table statistics_watermark (
    name             varchar(32) not null primary key,
    last_history_id  bigint      not null,
    caught_up_at     timestamp with time zone
);
insert into statistics_watermark (name, last_history_id, caught_up_at) values ('facts', 0, null);
