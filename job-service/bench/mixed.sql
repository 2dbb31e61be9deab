-- A mixed-type source database for the backup benchmark: text, jsonb, numeric, uuid, arrays,
-- timestamps and indexes. psql -v rows=N (default 200000 ≈ 150 MB; 1,500,000 ≈ 1 GB).
\if :{?rows}
\else
\set rows 200000
\endif
drop table if exists bench_orders, bench_events;
create table bench_orders (
    id         bigint primary key,
    ref        uuid not null,
    customer   text not null,
    amount     numeric(14, 2) not null,
    placed     timestamptz not null,
    tags       text[] not null,
    attributes jsonb not null,
    note       text
);
insert into bench_orders
select g,
       md5(g::text)::uuid,
       'customer-' || (g % 50000),
       round((random() * 10000)::numeric, 2),
       timestamptz '2025-01-01' + (g % 525600) * interval '1 minute',
       array['tag' || (g % 13), 'region' || (g % 7)],
       jsonb_build_object('sku', 'SKU-' || (g % 9973), 'qty', g % 17, 'gift', g % 5 = 0,
                          'address', jsonb_build_object('city', 'city-' || (g % 997), 'zip', lpad((g % 99999)::text, 5, '0'))),
       case when g % 3 = 0 then repeat(md5(random()::text), 1 + g % 4) end
from generate_series(1, :rows) g;
create index on bench_orders (customer);
create index on bench_orders (placed);
create table bench_events (
    id      bigserial primary key,
    order_id bigint not null,
    kind    text not null,
    payload jsonb,
    at      timestamptz not null
);
insert into bench_events (order_id, kind, payload, at)
select 1 + (g % :rows), (array['created', 'paid', 'shipped', 'delivered'])[1 + g % 4],
       jsonb_build_object('by', 'user-' || (g % 1000), 'seq', g), timestamptz '2025-01-01' + g * interval '1 second'
from generate_series(1, :rows * 2) g;
create index on bench_events (order_id);
analyze;
