-- The monthly summary once more, per breakdown: for each county and month, one row per township, one
-- per category, one per source and one per current handler (statistics.MonthlySummary). A county's
-- year by any breakdown reads a few hundred rows here where statistics_month holds some twenty
-- thousand cells (township x category x source x handler); the totals and the months read the
-- source rows, the fewest. Kept in the same transaction as statistics_month by the facts' catch-up.
-- An instance of an older version keeps statistics_month alone: the row 'summary_by' of
-- statistics_watermark says which round of the catch-up this table has followed, and where that is not
-- the facts' last round, readers take statistics_month and the catch-up makes this table again from it.
create table statistics_month_by (
    county_code           varchar(6)   not null,
    received_month        varchar(7)   not null,
    breakdown             varchar(16)  not null,
    breakdown_key         varchar(48)  not null,
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
    primary key (county_code, received_month, breakdown, breakdown_key)
);
create index ix_month_by_city on statistics_month_by (city_code, received_month, breakdown);

insert into statistics_watermark (name, last_history_id, caught_up_at) values ('summary_by', 0, null);
