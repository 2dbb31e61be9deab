-- GET /api/v1/jobs?all=true&status=FAILED&limit=50: the unfiltered-instance list, newest first.
select * from job where status = 'FAILED' order by created_at desc, id desc limit 51;
