-- phase3: measure sustained_employment() for need 10.1 node 10.1/any_of/1: measure 14 of ev_measure_nodes.
-- An employment spell started since attachment and lasted to the end of the post-closure window.
-- parameters: $1 = 6, $2 = 6, $3 = 6, $4 = 6, $5 = 6
INSERT INTO ev_results
WITH subj AS (SELECT s.*, m.node_id FROM ev_subjects s JOIN ev_measure_nodes m ON m.measure = 14 AND m.need_code = s.need_code WHERE NOT s.nobody)
SELECT sid, node_id, status, reason, CAST(detail AS VARCHAR) FROM (
SELECT s.sid, s.node_id,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($3) AS DATE)) THEN 'pending'
       WHEN coalesce(e.sustained, 0) > 0 THEN 'met'
       ELSE 'not_met' END AS status,
  CASE WHEN NOT (s.c IS NOT NULL AND s.t >= CAST(s.c + to_months($3) AS DATE)) THEN CASE WHEN s.c IS NULL THEN 'The family is still open, so the post-closure window has not started.' ELSE 'The post-closure window ends on ' || strftime(CAST(s.c + to_months($4) AS DATE), '%Y-%m-%d') || ', after the evaluation date.' END
       WHEN coalesce(e.sustained, 0) > 0 THEN 'In work from ' || strftime(e.first_start, '%Y-%m-%d') || ' (a spell starting between attachment and the evaluation date), not ending before ' || strftime(CAST(s.c + to_months($2) AS DATE), '%Y-%m-%d') || '.'
       ELSE 'No employment spell that started after attachment lasted to the end of the post-closure window.' END AS reason,
  CAST(to_json(struct_pack("window" := struct_pack("from" := s.a, "to" := s.t), "sustain_until" := CAST(s.c + to_months($5) AS DATE), "spells" := coalesce(e.items, []))) AS VARCHAR) AS detail
FROM subj s
LEFT JOIN (
  SELECT s.sid,
    count(*) FILTER (WHERE x.start_date BETWEEN s.a AND s.t AND (x.end_date IS NULL OR x.end_date >= CAST(s.c + to_months($1) AS DATE))) AS sustained,
    min(x.start_date) FILTER (WHERE x.start_date BETWEEN s.a AND s.t AND (x.end_date IS NULL OR x.end_date >= CAST(s.c + to_months($1) AS DATE))) AS first_start,
    list_transform(list_sort(list((x.start_date, struct_pack("status" := x.status, "start" := x.start_date, "end" := x.end_date)))), lambda x: x[2]) AS items
  FROM subj s
    JOIN (SELECT s.sid, s.person_id FROM subj s WHERE s.person_id IS NOT NULL UNION SELECT s.sid, fm.person_id FROM subj s JOIN family_members fm ON fm.family_id = s.family_id WHERE s.person_id IS NULL) sp ON sp.sid = s.sid JOIN employment x ON x.person_id = sp.person_id AND x.status = 'employed'
  WHERE s.c IS NOT NULL
  GROUP BY s.sid) e ON e.sid = s.sid
);
