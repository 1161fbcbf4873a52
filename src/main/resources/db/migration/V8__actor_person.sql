-- The person who acted (the signed-in member of staff, or the person a township's system names on its
-- event), beside actor, the handler or system they acted for. Null for the gateway's own acts and
-- for history written before it was recorded.
alter table dispute_history add column actor_person varchar(64);

-- Who co-holds a dispute (the township after escalation to the joint task force, ...), one row per
-- co-handler, so that a handler's inbox lists what it co-holds through an index. dispute.co_handler_ids
-- stays as it is (the timeline reads it); both are written together.
create table dispute_co_handler (
    handler_id  varchar(48) not null,
    dispute_id  varchar(32) not null references dispute (dispute_id),
    primary key (handler_id, dispute_id)
);
-- The co-handlers recorded so far, split out of the comma-separated column.
insert into dispute_co_handler (dispute_id, handler_id)
with recursive split (dispute_id, head, rest) as (
    select dispute_id,
           cast(case when position(',' in co_handler_ids) > 0
                then substring(co_handler_ids from 1 for position(',' in co_handler_ids) - 1)
                else co_handler_ids end as varchar(500)),
           cast(case when position(',' in co_handler_ids) > 0
                then substring(co_handler_ids from position(',' in co_handler_ids) + 1) end as varchar(500))
    from dispute where co_handler_ids is not null and co_handler_ids <> ''
    union all
    select dispute_id,
           cast(case when position(',' in rest) > 0 then substring(rest from 1 for position(',' in rest) - 1)
                else rest end as varchar(500)),
           cast(case when position(',' in rest) > 0 then substring(rest from position(',' in rest) + 1) end
                as varchar(500))
    from split where rest is not null
)
select distinct dispute_id, cast(head as varchar(48)) from split where head <> '';
