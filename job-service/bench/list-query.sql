-- What GET /api/v1/jobs?instanceId=…&limit=50 runs (Hibernate's SQL for JobRepository.list), for pgbench.
\set inst random(0, 1999)
select * from job
 where instance_id = ('00000000-0000-4000-8000-' || lpad(to_hex(:inst::int), 12, '0'))::uuid
   and created_at >= now() - interval '7 days'
 order by created_at desc, id desc
 limit 51;
