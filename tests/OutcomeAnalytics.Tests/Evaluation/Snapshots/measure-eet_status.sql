-- phase3: measure eet_status(young_people_only=false) for need 10.3 node 10.3/any_of/1: measure 15 of ev_measure_nodes.
-- The latest status is in education, employment or training, with no NEET status after closure.
-- parameters: $1 = 6, $2 = 6, $3 = 6, $4 = 6
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 15 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($2) AS DATE)) THEN 'pending'
       WHEN e.latest IS NULL THEN 'insufficient_data'
       WHEN e.latest = 'eet' AND e.neet_after = 0 THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($2) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($3) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN e.latest IS NULL THEN 'No education, employment or training status recorded by the evaluation date.'
       WHEN e.latest = 'eet' AND e.neet_after = 0 THEN 'Latest status ' || e.latest || ' on ' || strftime(e.latest_date, '%Y-%m-%d') || '; ' || e.neet_after || ' NEET status(es) after closure.'
       ELSE 'Latest status ' || e.latest || ' on ' || strftime(e.latest_date, '%Y-%m-%d') || '; ' || e.neet_after || ' NEET status(es) after closure.' END AS reason,
  CAST(to_json(struct_pack("latest" := e.latest, "latest_date" := e.latest_date, "evaluation_date" := s.t, "neet_after_closure" := e.neet_after, "post_closure_from" := s.c, "post_closure_to" := CAST(s.c + to_months($4) AS DATE), "statuses" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    arg_max(x.status, x.status_date) FILTER (WHERE x.status_date <= s.t) AS latest,
    max(x.status_date) FILTER (WHERE x.status_date <= s.t) AS latest_date,
    count(*) FILTER (WHERE x.status = 'neet' AND x.status_date > s.c AND x.status_date <= CAST(s.c + to_months($1) AS DATE)) AS neet_after,
    list_transform(list_sort(list((x.status_date, struct_pack("date" := x.status_date, "status" := x.status)))), lambda x: x[2]) AS items
  FROM subj s
    JOIN (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp ON sp.sid = s.sid JOIN eet_status x ON x.person_id = sp.person_id
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);
