-- one: measure no_plan_started(plan_types=early_help, whole_family=false) for need X1 node X1: measure 1 of ev_measure_nodes.
-- No plan of the given types started in the post-closure window.
-- parameters: $1 = 'early_help', $2 = 'early_help', $3 = 1, $4 = 1, $5 = 1, $6 = 'post_closure', $7 = 1
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 1 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($4) AS DATE)) THEN 'pending'
       WHEN coalesce(p.n, 0) = 0 THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($4) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($5) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN coalesce(p.n, 0) = 0 THEN 'No ' || $1 || ' plan started in the post-closure window.'
       ELSE p.n || ' ' || $1 || ' plan(s) started in the post-closure window, the first on ' || strftime(p.first_start, '%Y-%m-%d') || '.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("name" := $6, "from" := s.c, "to" := CAST(s.c + to_months($7) AS DATE)), "plan_types" := $1, "plans" := coalesce(p.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) AS n, min(pl.start_date) AS first_start,
    list_transform(list_sort(list((pl.start_date, pl.plan_id, struct_pack("plan_id" := pl.plan_id, "person_id" := pl.person_id, "type" := pl.plan_type, "start" := pl.start_date)))), lambda x: x[3]) AS items
  FROM subj s
    JOIN (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp ON sp.sid = s.sid
    JOIN plans pl ON pl.person_id = sp.person_id AND pl.plan_type IN ($2) AND pl.start_date > s.c AND pl.start_date <= CAST(s.c + to_months($3) AS DATE)
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) p ON p.sid = s.sid
);
