-- 1,000,000 job rows for the list benchmark, in the job-service schema (V1__jobs.sql): 2,000
-- instances, 400 days of history, every status and both operations.
insert into job (id, instance_id, instance_name, operation, trigger, status, request, created_at, started_at,
                 finished_at, bytes_done)
select gen_random_uuid(),
       ('00000000-0000-4000-8000-' || lpad(to_hex(g % 2000), 12, '0'))::uuid,
       'instance-' || (g % 2000),
       case when g % 10 = 0 then 'RESTORE' else 'BACKUP' end,
       case when g % 4 = 0 then 'ON_DEMAND' else 'SCHEDULED' end,
       (array['COMPLETED', 'COMPLETED', 'COMPLETED', 'FAILED', 'CANCELLED'])[1 + g % 5],
       '{}',
       now() - (g * interval '34 seconds'),
       now() - (g * interval '34 seconds') + interval '1 second',
       now() - (g * interval '34 seconds') + interval '61 seconds',
       g * 1024
from generate_series(1, 1000000) g;
analyze job;
