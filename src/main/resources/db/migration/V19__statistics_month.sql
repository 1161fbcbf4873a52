-- The county statistics' monthly summary: the facts (statistics_fact) added up per county, township,
-- category, source, current handler and month of receipt, so that the whole months of a range read a
-- few thousand rows instead of a third of a million facts (statistics.MonthlySummary). The facts'
-- catch-up keeps it in the same transaction as the facts: a dispute's facts made again take their
-- old row's contribution out of its cell and put the new one in (a resolution, an evaluation, a
-- reopening or a new handler moves it). Columns of the key are never null ('' for none), so a cell
-- has one row.
create table statistics_month (
    county_code           varchar(6)   not null,
    received_month        varchar(7)   not null,
    township_code         varchar(9)   not null,
    category_code         varchar(32)  not null,
    source_system         varchar(32)  not null,
    handler_id            varchar(48)  not null,
    city_code             varchar(4)   not null,
    received              integer      not null,
    dispatched            integer      not null,
    signed                integer      not null,
    signed_on_time        integer      not null,
    resolved              integer      not null,
    resolved_on_time      integer      not null,
    mediation_concluded   integer      not null,
    mediated              integer      not null,
    returned              integer      not null,
    extended              integer      not null,
    escalated             integer      not null,
    reopened              integer      not null,
    evaluated             integer      not null,
    satisfied             integer      not null,
    court_case            integer      not null,
    court_pre_litigation  integer      not null,
    petition              integer      not null,
    repeat_petition       integer      not null,
    -- The resolved disputes' handling times added up in whole seconds: the average stays exact.
    handling_seconds      bigint       not null,
    -- How many resolved disputes took at most so many hours (and more than the bound before): the
    -- buckets of statistics.Definitions.HANDLING_HOURS_BOUNDS, for the p90.
    hours_le_1 integer not null, hours_le_2 integer not null, hours_le_4 integer not null,
    hours_le_8 integer not null, hours_le_12 integer not null, hours_le_24 integer not null,
    hours_le_48 integer not null, hours_le_72 integer not null, hours_le_96 integer not null,
    hours_le_120 integer not null, hours_le_144 integer not null, hours_le_168 integer not null,
    hours_le_192 integer not null, hours_le_216 integer not null, hours_le_240 integer not null,
    hours_le_264 integer not null, hours_le_288 integer not null, hours_le_312 integer not null,
    hours_le_336 integer not null, hours_le_360 integer not null, hours_le_384 integer not null,
    hours_le_408 integer not null, hours_le_432 integer not null, hours_le_456 integer not null,
    hours_le_480 integer not null, hours_le_504 integer not null, hours_le_528 integer not null,
    hours_le_552 integer not null, hours_le_576 integer not null, hours_le_600 integer not null,
    hours_le_624 integer not null, hours_le_648 integer not null, hours_le_672 integer not null,
    hours_le_696 integer not null, hours_le_720 integer not null, hours_le_840 integer not null,
    hours_le_960 integer not null, hours_le_1080 integer not null, hours_le_1200 integer not null,
    hours_le_1440 integer not null, hours_le_1800 integer not null, hours_le_2160 integer not null,
    hours_le_2880 integer not null, hours_le_4320 integer not null, hours_le_6480 integer not null,
    hours_le_8760 integer not null, hours_le_17520 integer not null, hours_le_43800 integer not null,
    hours_le_87600 integer not null, hours_over_87600 integer not null,
    primary key (county_code, received_month, township_code, category_code, source_system, handler_id)
);
create index ix_month_city on statistics_month (city_code, received_month);

-- The catch-up's first round makes the summary from the facts, and makes it again whenever this row's
-- caught_up_at is cleared: the bucket bounds live in one place, the Java that keeps the summary.
insert into statistics_watermark (name, last_history_id, caught_up_at) values ('summary', 0, null);
