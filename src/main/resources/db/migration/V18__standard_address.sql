-- Standard addresses (标准地址), loaded from a county's or city's file by the import-addresses
-- command. Each file loads into a generation of its own while lookups keep reading the current one;
-- the single row of std_address_current names the generation lookups read, so a new file replaces
-- the old one in the one commit that moves that row: there is no moment with no addresses.
create table std_address_generation (
    generation     bigint        primary key,
    file_name      varchar(255)  not null,
    file_sha256    varchar(64)   not null,
    state          varchar(10)   not null,
    -- Data lines of the file committed so far, loaded or rejected: a resumed import goes on after them.
    lines_done     bigint        not null,
    rows_loaded    bigint        not null,
    rows_rejected  bigint        not null,
    started_at     timestamp with time zone not null,
    finished_at    timestamp with time zone
);
create index ix_std_address_generation_state on std_address_generation (state, generation);

create table std_address_current (
    id          integer  primary key,
    generation  bigint   not null
);

create table std_address (
    generation       bigint        not null,
    code             varchar(64)   not null,
    address          varchar(300)  not null,
    -- The address as the resolver normalises a citizen's text (jurisdiction.standard.AddressKey).
    address_key      varchar(300)  not null,
    county_code      varchar(6)    not null,
    township_code    varchar(9)    not null,
    village_code     varchar(12)   not null,
    grid_code        varchar(40),
    micro_grid_code  varchar(40),
    longitude        numeric(9,6),
    latitude         numeric(8,6),
    primary key (generation, code)
);
create index ix_std_address_key on std_address (generation, address_key);

create table std_address_rejected (
    generation  bigint        not null,
    line_no     bigint        not null,
    reason      varchar(300)  not null,
    primary key (generation, line_no)
);

-- Codes that a newer file no longer has: disputes that already carry one still resolve it.
create table std_address_retired (
    code             varchar(64)   primary key,
    address          varchar(300)  not null,
    county_code      varchar(6)    not null,
    township_code    varchar(9)    not null,
    village_code     varchar(12)   not null,
    grid_code        varchar(40),
    micro_grid_code  varchar(40),
    retired_in       bigint        not null
);
